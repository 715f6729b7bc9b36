import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetrySample } from '../../src-shared/schemas/telemetry-sample';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { collectTelemetry } from '../../src-main/core/telemetry/collect-telemetry';
import { telemetryCommand } from '../../src-main/cli/commands/telemetry';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
let sshd: Sshd;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
});

describe('telemetry over SSH', () => {
  // The sampler runs on this same busy 2-core machine: a read can be late by a second when another
  // process holds both cores, so the counts and spacings below are loose. The spacing's accuracy
  // on a quiet machine is measured by `npm run bench:telemetry`, not asserted here.
  it('gives about 5 schema-valid samples for 5 s at 1 s, each with one entry per CPU', async () => {
    const host = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    const collected = await collectTelemetry(host, { durationMs: 5000, intervalMs: 1000, serverPid: process.pid });
    await host.close();
    expect(collected.problems.map((problem) => problem.message)).toEqual([]);
    expect(collected.samples.length).toBeGreaterThanOrEqual(3);
    expect(collected.samples.length).toBeLessThanOrEqual(6);
    for (const sample of collected.samples) {
      TelemetrySample.parse(sample);
      expect(sample.cpus).toHaveLength(nproc);
      // The loop sleeps 1 s and then reads, so an interval is never shorter than the sleep.
      expect(sample.intervalMs).toBeGreaterThan(900);
      expect(sample.intervalMs).toBeLessThan(3500);
      expect(sample.server?.pid).toBe(process.pid);
    }
    const spacing = collected.samples.slice(1).map((sample, i) => sample.t - collected.samples[i]!.t);
    const meanSpacingMs = spacing.reduce((sum, gapMs) => sum + gapMs, 0) / spacing.length;
    expect(meanSpacingMs).toBeGreaterThan(900);
    expect(meanSpacingMs).toBeLessThan(2500);
    // A gap means the sampler's stream was lost and restarted, which a busy machine does not cause.
    expect(collected.gaps).toEqual([]);
  });

  it('writes samples with t, cpus, memory and gpus from `llmwb telemetry --json`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmwb-telemetry-'));
    const json = join(dir, 'telemetry.json');
    const lines: string[] = [];
    const code = await telemetryCommand(
      ['--host', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--duration', '2s', '--interval', '500ms', '--json', json],
      { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    );
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as { host: string; samples: Array<Record<string, unknown>> };
    expect(report.host).toBe(`root@127.0.0.1:${sshd.port}`);
    expect(report.samples.length).toBeGreaterThanOrEqual(2);
    for (const sample of report.samples) expect(Object.keys(sample)).toEqual(expect.arrayContaining(['t', 'cpus', 'memory', 'gpus']));
    expect(lines.at(-1)).toMatch(/^\d+ samples, 0 gaps$/);
    await rm(dir, { recursive: true, force: true });
  });
});
