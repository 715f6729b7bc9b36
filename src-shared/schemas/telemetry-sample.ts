import { z } from 'zod';
import { EpochMs } from './ids';

const Pct = z.number().min(0).max(100);
const Bytes = z.number().nonnegative();

/** Busy share of one CPU (or of all of them) over one interval, in percent of that CPU. */
export const CpuBusyShare = z.object({
  /** 1 − Δ(idle + iowait) / Δtotal; iowait counts as idle, as proc.rst advises. */
  busyPct: Pct,
  /** user + nice (guest time is already inside these). */
  userPct: Pct,
  /** system + irq + softirq. */
  systemPct: Pct,
  iowaitPct: Pct,
  /** Time a hypervisor took away: a bottleneck on cloud hosts. */
  stealPct: Pct,
});
export type CpuBusyShare = z.infer<typeof CpuBusyShare>;

/** One logical CPU as the kernel numbers it (`cpuN`; offline CPUs are absent, so ids can skip). */
export const CpuSample = CpuBusyShare.extend({ id: z.number().int().nonnegative() });
export type CpuSample = z.infer<typeof CpuSample>;

export const MemorySample = z.object({
  totalBytes: Bytes,
  availableBytes: Bytes,
  /** total − available: what a new allocation could not get without reclaim. */
  usedBytes: Bytes,
  swapTotalBytes: Bytes,
  swapUsedBytes: Bytes,
});
export type MemorySample = z.infer<typeof MemorySample>;

export const LoadSample = z.object({
  avg1: z.number().nonnegative(),
  avg5: z.number().nonnegative(),
  avg15: z.number().nonnegative(),
  /** Runnable tasks at the instant of the sample (`/proc/loadavg` fourth field, first part). */
  runnable: z.number().int().nonnegative(),
});
export type LoadSample = z.infer<typeof LoadSample>;

/** One GPU at one instant. Any value the tool could not read is null, never a made-up zero. */
export const GpuSample = z.object({
  vendor: z.enum(['nvidia', 'amd']),
  index: z.number().int().nonnegative(),
  /** Stable identity to join on across tools: NVIDIA UUID, else PCI bus id, else `cardN`. */
  id: z.string(),
  name: z.string().nullable(),
  utilPct: Pct.nullable(),
  /** Memory-controller busy share (NVIDIA utilization.memory, AMD mem_busy_percent). */
  memBusyPct: Pct.nullable(),
  memUsedBytes: Bytes.nullable(),
  memTotalBytes: Bytes.nullable(),
  powerW: z.number().nonnegative().nullable(),
  temperatureC: z.number().nullable(),
  smClockMhz: z.number().nonnegative().nullable(),
  memClockMhz: z.number().nonnegative().nullable(),
  /** Named reasons the clocks are held down (NVIDIA clocks_event_reasons), e.g. `sw_power_cap`. */
  clockEventReasons: z.array(z.string()),
});
export type GpuSample = z.infer<typeof GpuSample>;

/** The watched inference server process over one interval. */
export const ServerProcessSample = z.object({
  pid: z.number().int().positive(),
  /** CPU time used per wall time, in percent of one core (800 = eight cores busy). */
  cpuPct: z.number().nonnegative(),
  threads: z.number().int().nonnegative(),
  rssBytes: Bytes,
});
export type ServerProcessSample = z.infer<typeof ServerProcessSample>;

export const IoRates = z.object({
  netRxBytesPerS: z.number().nonnegative(),
  netTxBytesPerS: z.number().nonnegative(),
  diskReadBytesPerS: z.number().nonnegative(),
  diskWriteBytesPerS: z.number().nonnegative(),
});
export type IoRates = z.infer<typeof IoRates>;

/**
 * One telemetry interval of one host. `t` is the house clock (epoch ms with fractions, the
 * same base as load records) of the instant the host took the sample; `intervalMs` is the
 * host-measured span the rates and busy shares cover, ending at `t`.
 */
export const TelemetrySample = z.object({
  kind: z.literal('sample'),
  t: EpochMs,
  intervalMs: z.number().positive(),
  cpus: z.array(CpuSample),
  cpuTotal: CpuBusyShare,
  memory: MemorySample,
  /** Null only when the host's /proc/loadavg could not be read. */
  load: LoadSample.nullable(),
  gpus: z.array(GpuSample),
  server: ServerProcessSample.nullable(),
  /** Null when /proc/net/dev or /proc/diskstats could not be read or a counter reset. */
  io: IoRates.nullable(),
  /** The remote sampler's own CPU cost over the interval, in percent of one core. */
  samplerCpuPct: z.number().nonnegative().nullable(),
});
export type TelemetrySample = z.infer<typeof TelemetrySample>;

/**
 * A span with no data, recorded when the link dropped and came back. Charts draw it as a
 * hole: nothing is interpolated or averaged across it.
 */
export const TelemetryGap = z.object({
  kind: z.literal('gap'),
  startT: EpochMs,
  endT: EpochMs,
  reason: z.string(),
});
export type TelemetryGap = z.infer<typeof TelemetryGap>;

/** One line of a run's telemetry.jsonl. */
export const TelemetryRecord = z.discriminatedUnion('kind', [TelemetrySample, TelemetryGap]);
export type TelemetryRecord = z.infer<typeof TelemetryRecord>;

/** Peak and mean busy share of one CPU or GPU over a span (for a run's summary). */
export const BusyStats = z.object({
  id: z.string(),
  peakPct: Pct,
  meanPct: Pct,
  samples: z.number().int().nonnegative(),
});
export type BusyStats = z.infer<typeof BusyStats>;

export const TelemetrySummary = z.object({
  samples: z.number().int().nonnegative(),
  gaps: z.number().int().nonnegative(),
  cpus: z.array(BusyStats),
  gpus: z.array(BusyStats),
});
export type TelemetrySummary = z.infer<typeof TelemetrySummary>;

/**
 * A run's host telemetry in its summary (issue #4 item 8): peak and mean busy % per CPU and
 * per GPU, which host, and the span the samples cover. `runStartT` is the load's t = 0 on the
 * house clock, so telemetry and the run's per-second series share one time axis.
 */
export const RunTelemetrySummary = TelemetrySummary.extend({
  host: z.string(),
  intervalMs: z.number().positive(),
  runStartT: EpochMs.nullable(),
  firstT: EpochMs.nullable(),
  lastT: EpochMs.nullable(),
});
export type RunTelemetrySummary = z.infer<typeof RunTelemetrySummary>;
