import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/commands/run';
import { cliRunDeps } from '../support/cli-run-deps';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('llmwb run: load shapes, SLOs, headers and exports', () => {
  let server: ScriptedServer;
  let scratch: string;
  let deps: ReturnType<typeof cliRunDeps>;

  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 20, tokenIntervalMs: 5, tokens: 6 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'llmwb-cli-load-'));
    deps = cliRunDeps(join(scratch, 'data'), { env: { BENCH_KEY: 'sk-test-123' } });
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('runs Poisson arrivals with an SLO, a header and a key from the environment, and writes the JSON fields and exports', async () => {
    const { out, io } = capture();
    const jsonPath = join(scratch, 'result.json');
    const argv = ['--url', server.url, '--rate', '20', '--arrivals', 'poisson', '--duration', '2s', '--warmup', '0.5s', '--max-tokens', '6', '--slo', 'ttft_p95<2000,tpot_p95<100', '--header', 'X-Team: perf', '--api-key-env', 'BENCH_KEY', '--json', jsonPath, '--export', scratch];
    const code = await runCommand(argv, io, deps);
    expect(code).toBe(0);
    const json = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, unknown> & { runId: string };
    for (const field of ['goodputPerS', 'tpotMs', 'errorsByClass', 'tokenSource', 'clientHealth', 'arrivals', 'thresholds']) expect(json).toHaveProperty(field);
    expect(json).toMatchObject({ isSloMet: true, warmupS: 0.5, tokenSource: { primary: 'usage' }, arrivals: { offeredRps: 20 } });
    expect(json.goodputPerS).toBe(json.requestsPerS);
    const chat = server.requests.filter((request) => request.path === '/v1/chat/completions').at(-1)!;
    expect(chat.headers['x-team']).toBe('perf');
    expect(chat.headers.authorization).toBe('Bearer sk-test-123');
    const planText = await readFile(join(scratch, 'data', 'runs', json.runId, 'plan.json'), 'utf8');
    expect(planText).not.toContain('sk-test-123');
    expect(JSON.parse(planText)).toMatchObject({ apiKeySecretId: 'env-BENCH_KEY', load: { kind: 'open-poisson', rateRps: 20 } });
    const exported = JSON.parse(await readFile(join(scratch, `${json.runId}.json`), 'utf8')) as { format: string; requests: unknown[]; formulas: Record<string, string>; namesElsewhere: Record<string, string> };
    expect(exported.format).toBe('llmwb-run-export/1');
    expect(exported.requests.length).toBeGreaterThan(20);
    expect(exported.formulas.tpotMs).toMatch(/\(E2E − TTFT\) \/ \(output tokens − 1\)/);
    expect(exported.namesElsewhere.tpotMs).toMatch(/GuideLLM's ITL/);
    const csv = await readFile(join(scratch, `${json.runId}-requests.csv`), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^worker,vu,seq,stage,phase,scheduledMs,sentMs/);
    expect(csv.trim().split('\r\n')).toHaveLength(exported.requests.length + 1);
    expect(out.join('\n')).toMatch(/Goodput .* req\/s within the SLO/);
    expect(out.join('\n')).toMatch(/Arrivals +offered 20\.0 req\/s/);
  });

  it('runs a custom profile from --stages and prints a line per stage', async () => {
    const { out, io } = capture();
    const code = await runCommand(['--url', server.url, '--profile', 'custom', '--stages', '1s:1,0s:2,1s:2', '--max-tokens', '6'], io, deps);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^Stages /m);
    expect(text).toMatch(/^ {2}1 users /m);
    expect(text).toMatch(/^ {2}2 users /m);
  });

  it('sends the prompts of a --dataset file, each in turn', async () => {
    const { io } = capture();
    const file = join(scratch, 'prompts.txt');
    await writeFile(file, 'first prompt\nsecond prompt\nthird prompt\n');
    const before = server.requests.length;
    const code = await runCommand(['--url', server.url, '--concurrency', '2', '--requests', '6', '--dataset', file, '--max-tokens', '4'], io, deps);
    expect(code).toBe(0);
    const sent = server.requests.slice(before).filter((request) => request.path === '/v1/chat/completions').map((request) => (request.body?.messages as Array<{ content: string }>)[0]!.content);
    // The two one-token endpoint checks (the CLI's, before it opens the data folder, and the run's
    // own) send their own prompt; the six run requests cycle through the file.
    const counts = new Map<string, number>();
    for (const prompt of sent.slice(2)) counts.set(prompt, (counts.get(prompt) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 'first prompt': 2, 'second prompt': 2, 'third prompt': 2 });
  });

  it('reports every bad flag at once and writes nothing', async () => {
    const { err, io } = capture();
    const code = await runCommand(['--url', server.url, '--rate', '5', '--concurrency', '3', '--arrivals', 'bursty', '--slo', 'ttft_p97<1', '--api', 'grpc', '--header', 'nocolon', '--api-key-env', 'MISSING', '--duration', '1s'], io, deps);
    expect(code).toBe(2);
    const text = err.join('\n');
    expect(text).toMatch(/--concurrency is for a closed loop/);
    expect(text).toMatch(/--arrivals: "bursty"/);
    expect(text).toMatch(/--slo: .*percentile 97/);
    expect(text).toMatch(/--api: /);
    expect(text).toMatch(/--header: "nocolon"/);
    expect(text).toMatch(/--api-key-env: the environment variable MISSING is not set/);
    expect(existsSync(join(scratch, 'data'))).toBe(false);
  });
});
