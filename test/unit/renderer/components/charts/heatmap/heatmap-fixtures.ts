import type { TelemetryFrame } from '../../../../../../src-shared/schemas/telemetry-frame';

/** A frame of `cpus` CPUs ending at `t` (1 s interval) whose CPU i is `busy(i)` % busy. */
export function frameAt(t: number, options: { cpus?: number; busy?: (cpu: number) => number; cpuIds?: number[]; gpus?: TelemetryFrame['gpus'] } = {}): TelemetryFrame {
  const cpuIds = options.cpuIds ?? Array.from({ length: options.cpus ?? 4 }, (_, i) => i);
  const busy = cpuIds.map((id) => options.busy?.(id) ?? 10 * id);
  return {
    t,
    intervalMs: 1000,
    cpuIds,
    busy,
    user: busy.map((value) => value * 0.7),
    system: busy.map((value) => value * 0.3),
    iowait: busy.map(() => 0),
    steal: busy.map(() => 0),
    memUsedPct: 42,
    gpus: options.gpus ?? [],
  };
}

export const gpuFrame = (utilPct: number): TelemetryFrame['gpus'][number] => ({
  id: 'GPU-1234',
  index: 0,
  name: 'NVIDIA H100',
  utilPct,
  memUsedPct: 50,
  memUsedBytes: 40 * 2 ** 30,
  memTotalBytes: 80 * 2 ** 30,
});
