import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/commands/run';
import { cliRunDeps } from '../support/cli-run-deps';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { unseenTokensPerCutShortRequest } from '../../src-shared/metrics/token-reconciliation';
import type { RunSummary } from '../../src-shared/schemas/run-result';

const tokensLine = /^Tokens +client ([\d,]+) completed \+ ([\d,]+) cancelled \+ ([\d,]+) failed = ([\d,]+); server counted ([\d,]+) \(llamacpp:tokens_predicted_total delta\) — (.+)$/m;
const count = (text: string): number => Number(text.replaceAll(',', ''));
/** Before the run, the endpoint check asks the server for one token (core/runs/preflight.ts). */
/** The CLI checks the endpoint before it opens the data folder, and the run checks it again as every run does: a token each. */
const preflightTokens = 2;

describe('llmwb run reconciles its tokens with the server counter', () => {
  let demo: DemoServerHandle;
  let scratch: string;
  let deps: ReturnType<typeof cliRunDeps>;

  /** The demo server's tokens_predicted_total, read by the test itself. */
  async function serverTotal(): Promise<number> {
    const text = await (await fetch(`${demo.url}/metrics`)).text();
    return Number(/^llamacpp:tokens_predicted_total (\S+)$/m.exec(text)?.[1]);
  }

  /** Runs the CLI; `serverDelta` is the counter's growth as the test saw it, less the endpoint check's one token. */
  async function run(bound: string[]): Promise<{ line: RegExpExecArray; summary: RunSummary; serverDelta: number }> {
    const out: string[] = [];
    const jsonPath = join(scratch, `${bound.join('')}.json`);
    const before = await serverTotal();
    const code = await runCommand(['--url', demo.url, '--concurrency', '4', '--max-tokens', '30', '--ignore-eos', '--json', jsonPath, ...bound], { out: (text) => out.push(text), err: () => undefined }, deps);
    expect(code).toBe(0);
    const serverDelta = (await serverTotal()) - before - preflightTokens;
    const summary = JSON.parse(await readFile(jsonPath, 'utf8')) as RunSummary;
    const line = tokensLine.exec(out.join('\n'));
    expect(line, out.join('\n')).not.toBeNull();
    return { line: line!, summary, serverDelta };
  }

  beforeAll(async () => {
    // Tokens 50 ms apart: each is read long before the next comes, even on a busy machine.
    demo = await startDemoServer({ port: 0, parallel: 2, engine: 'sim', simTokenMs: 50 });
    await demo.ready;
    scratch = await mkdtemp(join(tmpdir(), 'llmwb-cli-tokens-'));
    deps = cliRunDeps(join(scratch, 'data'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('adds the tokens of requests cancelled at the end of a timed run and matches the server delta within the stated bound', async () => {
    const { line, summary, serverDelta } = await run(['--duration', '3s']);
    const [completed, cancelled, failed, clientTotal, serverCounted] = line.slice(1, 6).map(count);
    expect(cancelled).toBeGreaterThan(0);
    expect([completed, cancelled, failed]).toEqual([summary.runOutputTokens!.completed, summary.runOutputTokens!.cancelled, summary.runOutputTokens!.failed]);
    expect(clientTotal).toBe(completed! + cancelled! + failed!);
    expect(serverCounted).toBe(serverDelta);
    const unseen = serverCounted! - clientTotal!;
    expect(unseen).toBeGreaterThanOrEqual(0);
    expect(unseen).toBeLessThanOrEqual(summary.runOutputTokens!.cutShort * unseenTokensPerCutShortRequest);
    expect(line[6]).toMatch(unseen === 0 ? /^agree$/ : /^the server counted \d+ more, within the 2 per request/);
    expect(summary.cancelledOutputTokens).toBe(cancelled);
  });

  it('agrees to the token when a request count lets every request finish', async () => {
    const { line, summary, serverDelta } = await run(['--requests', '4']);
    expect(summary.runOutputTokens).toEqual({ completed: 120, cancelled: 0, failed: 0, cutShort: 0 });
    expect(line.slice(1, 7)).toEqual(['120', '0', '0', '120', '120', 'agree']);
    expect(serverDelta).toBe(120);
  });
});
