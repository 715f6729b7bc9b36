import { describe, expect, it } from 'vitest';
import type { TelemetryGap, TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import { TelemetrySample as TelemetrySampleSchema } from '../../../../src-shared/schemas/telemetry-sample';
import { nvidiaQueryFields } from '../../../../src-main/core/telemetry/parse-nvidia-smi';
import { createTelemetrySession, maxRecordChars, type TelemetryState } from '../../../../src-main/core/telemetry/telemetry-session';
import { ScriptedHost, samplerRecord } from './fake-host';
import { hostFixture } from './fixtures';

function watch(host: ScriptedHost, clock: () => number, serverPid?: number) {
  const session = createTelemetrySession(host, { intervalMs: 1000, clock, ...(serverPid === undefined ? {} : { serverPid }) });
  const samples: TelemetrySample[] = [];
  const gaps: TelemetryGap[] = [];
  const states: TelemetryState[] = [];
  session.onSample((sample) => samples.push(sample));
  session.onGap((gap) => gaps.push(gap));
  session.onState((state) => states.push(state));
  return { session, samples, gaps, states };
}

describe('TelemetrySession', () => {
  it('turns the live sampler capture into one schema-valid sample with an entry per CPU', async () => {
    const host = new ScriptedHost();
    const { session, samples } = watch(host, () => 5_000_000, 20759);
    await session.start();
    host.emit(hostFixture('sampler-stream.txt').trimEnd().split('\n'));
    expect(samples).toHaveLength(1);
    const sample = TelemetrySampleSchema.parse(samples[0]);
    expect(sample.cpus.map((cpu) => cpu.id)).toEqual([0, 1]);
    expect(sample.intervalMs).toBeGreaterThan(900);
    expect(sample.server?.pid).toBe(20759);
    expect(sample.samplerCpuPct).not.toBeNull();
    await session.stop();
  });

  it('parses records split into lines as they arrive and stamps them on the host clock, not on arrival', async () => {
    const host = new ScriptedHost();
    const arrivals = [10_000.5, 11_003, 12_250, 13_001];
    let now = 0;
    const { session, samples } = watch(host, () => now);
    await session.start();
    host.emit(['@@hello 1 99 100 4096']);
    arrivals.forEach((arrival, second) => {
      now = arrival;
      const lines = samplerRecord(100 + second, second + 1);
      host.emit(lines.slice(0, 4));
      host.emit(lines.slice(4));
    });
    // Offset = smallest (arrival − uptime) = 10 000.5 − 100 000 → each t = uptime + offset.
    expect(samples.map((sample) => sample.t)).toEqual([11_000.5 - 100_000 + 100_000, 12_000.5, 13_000.5]);
    expect(samples[0]!.cpus.map((cpu) => Math.round(cpu.busyPct))).toEqual([50, 10]);
    await session.stop();
  });

  it('goes reconnecting when the link drops and records the hole as a gap once data resumes', async () => {
    const host = new ScriptedHost();
    let now = 0;
    const { session, samples, gaps, states } = watch(host, () => now);
    await session.start();
    host.emit(['@@hello 1 99 100 4096']);
    for (const second of [0, 1, 2]) {
      now = 1000 * second;
      host.emit(samplerRecord(10 + second, second + 1));
    }
    host.drop();
    expect(session.state()).toBe('reconnecting');
    host.reconnect();
    await new Promise((resolve) => setImmediate(resolve));
    expect(host.streamsOpened).toBe(2);
    host.emit(['@@hello 1 100 100 4096']);
    for (const second of [7, 8]) {
      now = 1000 * second;
      host.emit(samplerRecord(10 + second, second + 1));
    }
    expect(states).toEqual(['starting', 'streaming', 'reconnecting', 'streaming']);
    expect(gaps).toEqual([{ kind: 'gap', startT: 2000, endT: 7000, reason: 'connection lost' }]);
    expect(samples.map((sample) => sample.t)).toEqual([1000, 2000, 8000]);
    await session.stop();
  });

  it('attaches fresh nvidia-smi lines from stderr and reports unreadable ones once as problems', async () => {
    const host = new ScriptedHost();
    let now = 0;
    const session = createTelemetrySession(host, { intervalMs: 1000, clock: () => now });
    const samples: TelemetrySample[] = [];
    const problems: string[] = [];
    session.onSample((sample) => samples.push(sample));
    session.onProblem((problem) => problems.push(problem.message));
    await session.start();
    host.emit(['@@hello 1 99 100 4096', ...samplerRecord(10, 1)]);
    // The stream asks for nvidiaStreamFields: the fixture's lines without pci.bus_id and clocks.max.sm.
    const streamed = (line: string): string => line.split(', ').filter((_, i) => !['pci.bus_id', 'clocks.max.sm'].includes(nvidiaQueryFields[i]!)).join(', ');
    for (const line of hostFixture('nvidia-smi.csv').trim().split('\n').slice(0, 2)) host.emitStderr(streamed(line));
    host.emitStderr('Field "clocks_event_reasons.active" is not a valid field to query.');
    host.emitStderr('Field "clocks_event_reasons.active" is not a valid field to query.');
    now = 1000;
    host.emit(samplerRecord(11, 2));
    expect(samples[0]!.gpus.map((gpu) => [gpu.index, gpu.utilPct])).toEqual([[0, 97], [1, 95]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot read nvidia-smi output/);
    now = 10_000;
    host.emit(samplerRecord(20, 3));
    expect(samples[1]!.gpus).toEqual([]);
    await session.stop();
  });

  it('skips a record larger than maxRecordChars with a problem that says so, and reads the next one', async () => {
    const host = new ScriptedHost();
    let now = 0;
    const session = createTelemetrySession(host, { intervalMs: 1000, clock: () => now });
    const samples: TelemetrySample[] = [];
    const problems: string[] = [];
    session.onSample((sample) => samples.push(sample));
    session.onProblem((problem) => problems.push(problem.message));
    await session.start();
    host.emit(['@@hello 1 99 100 4096', ...samplerRecord(10, 1)]);
    const line = 'x'.repeat(64 * 1024);
    host.emit(['@@begin', ...Array.from({ length: maxRecordChars / line.length + 1 }, () => line), '@@end']);
    expect(problems).toEqual(['telemetry sampler: a record from scripted is larger than 4 MiB; the workbench reads at most that and skipped it.']);
    now = 2000;
    host.emit(samplerRecord(12, 3));
    expect(samples.map((sample) => sample.t)).toEqual([2000]);
    host.notice('A line on the stdout of the command on scripted is longer than 1 MiB; the workbench reads lines of at most that and skipped it.');
    expect(problems[1]).toBe('telemetry sampler: A line on the stdout of the command on scripted is longer than 1 MiB; the workbench reads lines of at most that and skipped it.');
    await session.stop();
  });
});
