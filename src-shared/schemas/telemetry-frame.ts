import { z } from 'zod';
import { EpochMs } from './ids';
import type { TelemetrySample } from './telemetry-sample';

const Pct = z.number().min(0).max(100);

export const GpuFrame = z.object({
  id: z.string(),
  index: z.number().int().nonnegative(),
  name: z.string().nullable(),
  utilPct: Pct.nullable(),
  /** Memory used as a share of the GPU's total; null when either is unknown. */
  memUsedPct: Pct.nullable(),
  memUsedBytes: z.number().nonnegative().nullable(),
  memTotalBytes: z.number().nonnegative().nullable(),
});
export type GpuFrame = z.infer<typeof GpuFrame>;

/**
 * One telemetry sample cut down to what the heatmap draws and its hover shows, as parallel
 * arrays (one entry per CPU in `cpuIds` order) so a saved hour of 256 threads stays a few MB
 * on the wire. Percentages are rounded to 0.1: /proc/stat counts 1/100 s ticks, so at a 1 s
 * interval a CPU's share is only ever known to 1 % anyway.
 */
export const TelemetryFrame = z.object({
  t: EpochMs,
  intervalMs: z.number().positive(),
  cpuIds: z.array(z.number().int().nonnegative()),
  busy: z.array(Pct),
  user: z.array(Pct),
  system: z.array(Pct),
  iowait: z.array(Pct),
  steal: z.array(Pct),
  memUsedPct: Pct.nullable(),
  gpus: z.array(GpuFrame),
});
export type TelemetryFrame = z.infer<typeof TelemetryFrame>;

const tenth = (value: number): number => Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;

function gpuMemPct(used: number | null, total: number | null): number | null {
  return used === null || total === null || total <= 0 ? null : tenth((used / total) * 100);
}

/** A sample as a frame. Pure. */
export function toTelemetryFrame(sample: TelemetrySample): TelemetryFrame {
  const cpus = sample.cpus;
  return {
    t: sample.t,
    intervalMs: sample.intervalMs,
    cpuIds: cpus.map((cpu) => cpu.id),
    busy: cpus.map((cpu) => tenth(cpu.busyPct)),
    user: cpus.map((cpu) => tenth(cpu.userPct)),
    system: cpus.map((cpu) => tenth(cpu.systemPct)),
    iowait: cpus.map((cpu) => tenth(cpu.iowaitPct)),
    steal: cpus.map((cpu) => tenth(cpu.stealPct)),
    memUsedPct: sample.memory.totalBytes > 0 ? tenth((sample.memory.usedBytes / sample.memory.totalBytes) * 100) : null,
    gpus: sample.gpus.map((gpu) => ({
      id: gpu.id,
      index: gpu.index,
      name: gpu.name,
      utilPct: gpu.utilPct === null ? null : tenth(gpu.utilPct),
      memUsedPct: gpuMemPct(gpu.memUsedBytes, gpu.memTotalBytes),
      memUsedBytes: gpu.memUsedBytes,
      memTotalBytes: gpu.memTotalBytes,
    })),
  };
}
