import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/commands/run';
import { cliRunDeps } from '../support/cli-run-deps';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';

describe('llmwb run records the server side beside the load', () => {
  let demo: DemoServerHandle;
  let scratch: string;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, parallel: 2, engine: 'sim', speed: 4 });
    scratch = await mkdtemp(join(tmpdir(), 'llmwb-cli-server-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('exports slot use and deferred requests of a -np 2 server under 6 users, on the run time axis', async () => {
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: () => undefined };
    const deps = cliRunDeps(join(scratch, 'data'));
    const code = await runCommand(['--url', demo.url, '--concurrency', '6', '--duration', '4s', '--max-tokens', '24', '--ignore-eos', '--export', scratch], io, deps);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Server +\d+ scrapes of llama\.cpp, slot use max 100 %, deferred max [1-4]/m);
    const runId = /Run (\S+) \(completed\)/.exec(out.join('\n'))![1]!;
    const exported = JSON.parse(await readFile(join(scratch, `${runId}.json`), 'utf8')) as { server: Array<{ tS: number; derived: { slotUse: number | null; waiting: number | null } }> };
    expect(exported.server.length).toBeGreaterThanOrEqual(3);
    const busy = exported.server.filter((sample) => sample.derived.slotUse === 1 && (sample.derived.waiting ?? 0) > 0);
    expect(busy.length).toBeGreaterThan(0);
    for (const sample of exported.server) expect(sample.tS).toBeLessThan(6);
    const csv = (await readFile(join(scratch, `${runId}-server.csv`), 'utf8')).trim().split('\r\n');
    expect(csv[0]).toBe('tS,slotsBusy,slotsTotal,slotUse,waiting,kvCacheUsage,promptTokensPerS,prefillTokensPerS,generatedTokensPerS');
    expect(csv).toHaveLength(exported.server.length + 1);
  });
});
