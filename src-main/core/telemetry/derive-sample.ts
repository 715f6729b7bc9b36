import type { GpuSample, IoRates, ServerProcessSample, TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import { amdgpuReadingToSample } from './parse-amdgpu-sysfs';
import { ratePerS, wholeDisks, type DiskCounters, type NetCounters } from './parse-proc-io';
import type { PidStat } from './parse-proc-files';
import { cpuBusyBetween } from './parse-proc-stat';
import type { HostSnapshot, SamplerHello } from './sampler-record';

const sectorBytes = 512;

/** What turns two snapshots into a sample besides the snapshots themselves. */
export interface DeriveContext {
  hello: SamplerHello;
  /** House-clock instant of `after` (see TelemetrySession). */
  t: number;
  /** Latest NVIDIA readings (from the nvidia-smi stream); AMD cards come from the snapshot. */
  nvidiaGpus: readonly GpuSample[];
}

/** The sampler's units and the host-measured length of the interval. */
interface Span {
  hello: SamplerHello;
  elapsedMs: number;
}

function cpuPctOf(ticks: number, span: Span): number {
  return Math.max(0, (ticks / span.hello.ticksPerS) * 1000 * 100) / span.elapsedMs;
}

function serverSample(before: PidStat | null, after: PidStat | null, span: Span): ServerProcessSample | null {
  if (before === null || after === null || before.pid !== after.pid) return null;
  const ticks = after.utimeTicks + after.stimeTicks - before.utimeTicks - before.stimeTicks;
  return { pid: after.pid, cpuPct: cpuPctOf(ticks, span), threads: after.threads, rssBytes: Math.max(0, after.rssPages * span.hello.pageSizeBytes) };
}

function samplerCpuPct(before: PidStat | null, after: PidStat | null, span: Span): number | null {
  if (before === null || after === null) return null;
  // Children's time (cutime/cstime) counts: each interval's `tail` and `sleep` are the sampler's cost.
  const total = (stat: PidStat): number => stat.utimeTicks + stat.stimeTicks + stat.childUtimeTicks + stat.childStimeTicks;
  const ticks = total(after) - total(before);
  return ticks < 0 ? null : cpuPctOf(ticks, span);
}

function sumNet(counters: readonly NetCounters[]): { rx: number; tx: number } {
  // Loopback traffic never leaves the host, so it is not network load.
  const external = counters.filter((counter) => counter.iface !== 'lo');
  return { rx: external.reduce((sum, c) => sum + c.rxBytes, 0), tx: external.reduce((sum, c) => sum + c.txBytes, 0) };
}

function sumDisks(disks: readonly DiskCounters[]): { read: number; written: number } {
  const whole = wholeDisks(disks);
  return { read: whole.reduce((sum, d) => sum + d.sectorsRead, 0) * sectorBytes, written: whole.reduce((sum, d) => sum + d.sectorsWritten, 0) * sectorBytes };
}

function ioRates(before: HostSnapshot, after: HostSnapshot, elapsedMs: number): IoRates | null {
  if (before.net === null || after.net === null || before.disks === null || after.disks === null) return null;
  const [netBefore, netAfter] = [sumNet(before.net), sumNet(after.net)];
  const [diskBefore, diskAfter] = [sumDisks(before.disks), sumDisks(after.disks)];
  const rates = [
    ratePerS(netBefore.rx, netAfter.rx, elapsedMs),
    ratePerS(netBefore.tx, netAfter.tx, elapsedMs),
    ratePerS(diskBefore.read, diskAfter.read, elapsedMs),
    ratePerS(diskBefore.written, diskAfter.written, elapsedMs),
  ];
  if (rates.some((rate) => rate === null)) return null;
  const [netRxBytesPerS, netTxBytesPerS, diskReadBytesPerS, diskWriteBytesPerS] = rates as [number, number, number, number];
  return { netRxBytesPerS, netTxBytesPerS, diskReadBytesPerS, diskWriteBytesPerS };
}

/**
 * One telemetry sample from two consecutive snapshots of the same sampler. Pure. Returns
 * null when the host clock did not advance or the CPU counters went backwards: that
 * interval is dropped rather than reported with made-up values. CPUs present in only one
 * snapshot (hot-plugged) are left out of `cpus`.
 */
export function deriveSample(before: HostSnapshot, after: HostSnapshot, context: DeriveContext): TelemetrySample | null {
  const elapsedMs = after.uptimeMs - before.uptimeMs;
  if (elapsedMs <= 0) return null;
  const cpuTotal = cpuBusyBetween(before.stat.total, after.stat.total);
  if (cpuTotal === null) return null;
  const previous = new Map(before.stat.cpus.map((cpu) => [cpu.id, cpu.ticks]));
  const cpus: TelemetrySample['cpus'] = [];
  for (const cpu of after.stat.cpus) {
    const earlier = previous.get(cpu.id);
    const share = earlier === undefined ? null : cpuBusyBetween(earlier, cpu.ticks);
    if (share !== null) cpus.push({ id: cpu.id, ...share });
  }
  const memory = after.meminfo;
  const load = after.loadavg;
  return {
    kind: 'sample',
    t: context.t,
    intervalMs: elapsedMs,
    cpus,
    cpuTotal,
    memory: {
      totalBytes: memory.totalBytes,
      availableBytes: memory.availableBytes,
      usedBytes: memory.totalBytes - memory.availableBytes,
      swapTotalBytes: memory.swapTotalBytes,
      swapUsedBytes: Math.max(0, memory.swapTotalBytes - memory.swapFreeBytes),
    },
    load: load === null ? null : { avg1: load.avg1, avg5: load.avg5, avg15: load.avg15, runnable: load.runnable },
    gpus: [...context.nvidiaGpus, ...after.amdgpus.map((reading, i) => amdgpuReadingToSample(reading, context.nvidiaGpus.length + i))],
    server: serverSample(before.server, after.server, { hello: context.hello, elapsedMs }),
    io: ioRates(before, after, elapsedMs),
    samplerCpuPct: samplerCpuPct(before.sampler, after.sampler, { hello: context.hello, elapsedMs }),
  };
}
