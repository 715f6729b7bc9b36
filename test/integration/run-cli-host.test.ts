import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/commands/run';
import { createNodeCore } from '../../src-main/cli/node-core';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { RunSummary } from '../../src-shared/schemas/run-result';
import { cliRunDeps } from '../support/cli-run-deps';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';

const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());

describe('llmwb run --host records the host beside the load', () => {
  let sshd: Sshd;
  let demo: DemoServerHandle;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    [sshd, demo, temp] = await Promise.all([startSshd(), startDemoServer({ port: 0, parallel: 2, engine: 'sim', simTokenMs: 10 }), makeTempDir()]);
    await demo.ready;
  });
  afterAll(async () => {
    await Promise.all([disposeSshd(sshd), demo.close()]);
    await temp.cleanup();
  });

  it('writes telemetry.jsonl with one entry per CPU per second over the loopback sshd, and the run shows in the app', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const dataDir = join(temp.dir, 'data');
    const jsonPath = join(temp.dir, 'result.json');
    const argv = ['--url', demo.url, '--concurrency', '2', '--duration', '3s', '--max-tokens', '8', '--json', jsonPath];
    const host = ['--host', `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath];
    const code = await runCommand([...argv, ...host], { out: (line) => out.push(line), err: (line) => err.push(line) }, cliRunDeps(dataDir));
    expect(code, err.join('\n')).toBe(0);

    const { runId, telemetry } = JSON.parse(await readFile(jsonPath, 'utf8')) as RunSummary & { runId: string };
    expect(telemetry!.host).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(out.join('\n')).toMatch(/^Host\s+\d+ samples of /m);
    const lines = (await readFile(join(dataDir, 'runs', runId, 'telemetry.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
    const samples = lines.map((line) => JSON.parse(line) as { kind: string; t: number; intervalMs: number; cpus: unknown[] }).filter((record) => record.kind === 'sample');
    // A 3 s load with the host's first sample taken before it: at least three, about a second apart
    // (host-measured spans; a loaded machine stretches them), each with every CPU.
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.every((sample) => sample.cpus.length === nproc && sample.intervalMs > 250 && sample.intervalMs < 5000)).toBe(true);
    const gaps = samples.slice(1).map((sample, index) => sample.t - samples[index]!.t);
    expect(gaps.every((gapMs) => gapMs > 250 && gapMs < 5000)).toBe(true);
    expect(telemetry!.samples).toBe(samples.length);

    // The app, opened on the same data folder, lists the run.
    const app = await createNodeCore({ dataDir, shell: 'browser' });
    try {
      const listed = await app.handlers['runs.list']({});
      expect(listed.map((run) => run.id)).toContain(runId);
    } finally {
      await app.close();
    }
  });
});
