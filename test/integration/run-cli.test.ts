import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/commands/run';
import { cliRunDeps } from '../support/cli-run-deps';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

interface Captured {
  out: string[];
  err: string[];
  io: { out(line: string): void; err(line: string): void };
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line) => out.push(line), err: (line) => err.push(line) } };
}

describe('llmwb run', () => {
  let server: ScriptedServer;
  let scratch: string;
  let dataDir: string;
  let jsonPath: string;
  let deps: ReturnType<typeof cliRunDeps>;

  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 20, tokenIntervalMs: 5, tokens: 8 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'llmwb-cli-'));
    dataDir = join(scratch, 'data');
    jsonPath = join(scratch, 'result.json');
    deps = cliRunDeps(dataDir, { progressEveryMs: 200 });
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  const expectNothingWritten = (): void => {
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(jsonPath)).toBe(false);
    expect(deps.coresOpened()).toBe(0);
  };

  it('runs, prints progress and a summary table, and writes --json', async () => {
    const { out, err, io } = capture();
    const code = await runCommand(['--url', server.url, '--concurrency', '2', '--duration', '1500ms', '--max-tokens', '8', '--json', jsonPath], io, deps);
    expect(code).toBe(0);
    expect(err.some((line) => /req\/s \| TTFT p50/.test(line))).toBe(true);
    const table = out.join('\n');
    expect(table).toMatch(/TTFT\s+\d/);
    expect(table).toMatch(/ITL\s+\d/);
    expect(table).toMatch(/E2E\s+\d/);
    expect(table).toContain('output tok/s');
    const result = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 'completed', failed: 0, durationS: 1.5, errorsByClass: expect.any(Object) });
    expect(result.completed).toBeGreaterThan(5);
    expect(result.ttftMs).toMatchObject({ p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) });
    expect(existsSync(join(dataDir, 'runs', String(result.runId), 'summary.json'))).toBe(true);
  });

  it('rejects an unreachable URL with a clear message and writes nothing', async () => {
    const { err, io } = capture();
    const code = await runCommand(['--url', 'http://127.0.0.1:9', '--concurrency', '2', '--duration', '5s', '--json', jsonPath], io, deps);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
    expectNothingWritten();
  });

  it('rejects a server that answers 404', async () => {
    const { err, io } = capture();
    const code = await runCommand(['--url', `${server.url}/v1`, '--concurrency', '2', '--requests', '3', '--json', jsonPath], io, deps);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('404 Not Found');
    expect(err.join('\n')).toContain('without /v1');
    expectNothingWritten();
  });

  it('rejects a non-numeric concurrency', async () => {
    const { err, io } = capture();
    expect(await runCommand(['--url', server.url, '--concurrency', 'lots', '--duration', '5s', '--json', jsonPath], io, deps)).toBe(2);
    expect(err.join('\n')).toContain('--concurrency: virtual users must be a number');
    expectNothingWritten();
  });

  it('rejects a zero duration', async () => {
    const { err, io } = capture();
    expect(await runCommand(['--url', server.url, '--concurrency', '2', '--duration', '0s', '--json', jsonPath], io, deps)).toBe(2);
    expect(err.join('\n')).toContain('--duration: duration must be greater than zero');
    expectNothingWritten();
  });

  it('reports every problem at once', async () => {
    const { err, io } = capture();
    expect(await runCommand(['--url', 'localhost', '--concurrency', '0', '--duration', 'ten seconds', '--max-tokens', 'x', '--json', join(scratch, 'missing', 'r.json')], io, deps)).toBe(2);
    const text = err.join('\n');
    for (const flag of ['--url:', '--concurrency:', '--duration:', '--max-tokens:', '--json:']) expect(text).toContain(flag);
    expectNothingWritten();
  });

  it('asks for the missing flags and rejects unknown ones', async () => {
    const missing = capture();
    expect(await runCommand([], missing.io, deps)).toBe(2);
    expect(missing.err.join('\n')).toMatch(/--url is required[\s\S]*--duration or --requests is required[\s\S]*--concurrency, --rate or --profile is required/);
    const unknown = capture();
    expect(await runCommand(['--url', server.url, '--concurency', '2'], unknown.io, deps)).toBe(2);
    expect(unknown.err.join('\n')).toContain('unknown option --concurency');
    expectNothingWritten();
  });

  it('stops cleanly on an interrupt, prints what was measured and writes no --json', async () => {
    server.setReply({ firstTokenDelayMs: 10, tokenIntervalMs: 10, tokens: 150 });
    let interrupt: (() => void) | undefined;
    const { out, err, io } = capture();
    const pending = runCommand(['--url', server.url, '--concurrency', '3', '--duration', '60s', '--max-tokens', '150', '--json', jsonPath], io, {
      ...deps,
      onInterrupt: (stop) => ((interrupt = stop), () => undefined),
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => err.some((line) => / [1-9]\d* ok/.test(line)) && (clearInterval(timer), resolve()), 20);
    });
    const interruptedAtMs = performance.now();
    interrupt!();
    const code = await pending;
    server.setReply({ firstTokenDelayMs: 20, tokenIntervalMs: 5, tokens: 8 });
    expect(code).toBe(130);
    expect(performance.now() - interruptedAtMs).toBeLessThan(1500);
    expect(out.join('\n')).toMatch(/\d+ completed, 0 failed, 3 cancelled at the end/);
    expect(err.join('\n')).toContain('Interrupted');
    expect(existsSync(jsonPath)).toBe(false);
  });
});
