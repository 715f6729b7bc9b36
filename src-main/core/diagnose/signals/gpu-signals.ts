import type { EvidenceSource } from '../../../../src-shared/schemas/finding';
import type { GpuSample } from '../../../../src-shared/schemas/telemetry-sample';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import { steadySamples } from './load-window';
import { known, mean, unknown, type Signal } from './signal';

/** Clock-event reasons that mean heat or a hardware brake, not the configured power cap (diagnosis-rules.md C1 vs C17). */
export const throttleReasons: ReadonlySet<string> = new Set(['hw_slowdown', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);

const fraction = (pct: number | null): number | null => (pct === null ? null : pct / 100);
const present = (values: ReadonlyArray<number | null>): number[] => values.filter((value): value is number => value !== null);

/** The busiest GPU of each sample (by utilisation): with several GPUs the rules judge the one that limits. */
const busiestGpu = (gpus: readonly GpuSample[]): GpuSample | undefined => [...gpus].sort((a, b) => (b.utilPct ?? -1) - (a.utilPct ?? -1))[0];

/** The GPU signals of one probe (§0.1 gpu_util, gpu_memutil, vram_frac, pwr_frac, throttle); all unknown without GPU samples. */
export function gpuSignals(evidence: DiagnosisEvidence, probe: DiagnosisProbe): Record<string, Signal> {
  const samples = steadySamples(probe).filter((sample) => sample.gpus.length > 0);
  const gpus = samples.flatMap((sample) => {
    const gpu = busiestGpu(sample.gpus);
    return gpu === undefined ? [] : [gpu];
  });
  const source: EvidenceSource = { kind: 'sample', id: probe.runId, ...(samples[0] === undefined ? {} : { at: samples[0].t }) };
  const orUnknown = (value: number | null, reason: string): Signal => (gpus.length === 0 ? unknown('no GPU samples fell inside the load') : value === null ? unknown(reason) : known(value, source));
  const powerFractions = present(gpus.map((gpu) => {
    const limit = evidence.gpuPowerLimitsW?.[gpu.id];
    return gpu.powerW === null || limit === undefined || limit <= 0 ? null : gpu.powerW / limit;
  }));
  const clockFractions = present(gpus.map((gpu) => {
    const max = evidence.gpuMaxSmClockMhz?.[gpu.id];
    return gpu.smClockMhz === null || max === undefined || max <= 0 ? null : gpu.smClockMhz / max;
  }));
  const vram = present(gpus.map((gpu) => (gpu.memUsedBytes !== null && gpu.memTotalBytes ? gpu.memUsedBytes / gpu.memTotalBytes : null)));
  return {
    gpuUtil: orUnknown(mean(present(gpus.map((gpu) => fraction(gpu.utilPct)))), 'the GPU tool gave no utilisation'),
    gpuMemBusy: orUnknown(mean(present(gpus.map((gpu) => fraction(gpu.memBusyPct)))), 'the GPU tool gave no memory-controller figure'),
    vramFrac: orUnknown(vram.length === 0 ? null : Math.max(...vram), 'the GPU tool gave no memory figures'),
    pwrFrac: orUnknown(mean(powerFractions), 'no power limit is known for the GPU (nvidia-smi power.limit)'),
    powerCapShare: orUnknown(gpus.filter((gpu) => gpu.clockEventReasons.includes('sw_power_cap')).length / Math.max(1, gpus.length), 'no samples'),
    throttleShare: orUnknown(gpus.filter((gpu) => gpu.clockEventReasons.some((reason) => throttleReasons.has(reason))).length / Math.max(1, gpus.length), 'no samples'),
    smClockOfMax: orUnknown(clockFractions.length === 0 ? null : Math.min(...clockFractions), 'no maximum SM clock is known for the GPU (nvidia-smi clocks.max.sm)'),
  };
}
