/**
 * The lines the diagnosis rules (src-main/core/diagnose/rules) compare signals with, each with
 * where it comes from. Most are rules of thumb (diagnosis-rules.md "RoT", §5.5): judgement that a
 * user may change, which is why every one can be overridden and every finding's evidence says
 * whether its line is one.
 */
export interface DiagnoseThreshold {
  readonly value: number;
  readonly isRuleOfThumb: boolean;
  /** Where the line comes from (`diagnosis-rules.md C7`). */
  readonly cite: string;
  readonly meaning: string;
}

const rot = (value: number, cite: string, meaning: string): DiagnoseThreshold => ({ value, isRuleOfThumb: true, cite, meaning });

export const diagnoseThresholds = {
  coreBusyFraction: rot(0.9, 'diagnosis-rules.md C3', 'the compute the server may use counts as saturated at this share (0..1)'),
  threadSaturationFraction: rot(0.85, 'diagnosis-rules.md C3', "the server's CPU time over its -t at or above this means its threads are all working (0..1)"),
  hotThreadCores: rot(0.95, 'diagnosis-rules.md C4', 'one thread (or one core) this busy, in cores, is a single-thread hot spot'),
  otherCoresIdleFraction: rot(0.3, 'diagnosis-rules.md C4', 'the other cores at or below this busy share (0..1) count as idle'),
  gpuHotSpotUtilFraction: rot(0.8, 'diagnosis-rules.md C4', 'a GPU below this share (0..1) waits for the host'),
  cgroupThrottledFraction: rot(0.1, 'diagnosis-rules.md C6', 'throttled periods over all periods of the cgroup (0..1) past which the quota is the limit'),
  deferredFraction: rot(0.2, 'diagnosis-rules.md C7', 'share of scrapes with requests waiting for a slot (0..1)'),
  occupancyFull: rot(0.95, 'diagnosis-rules.md C7', 'mean busy slots over slots (0..1) that counts as all slots busy'),
  queueShareOfTtft: rot(0.2, 'diagnosis-rules.md C7', 'queue wait (t_hdr) over TTFT (0..1) past which queueing matters'),
  batchingWidthSlots: rot(4, 'diagnosis-rules.md C2, §3.3', 'below this many slots decode still gains from a wider batch (2–3× at 4 streams, llama.cpp #15916; 4 is the v0.5.0 auto value)'),
  contextErrorFraction: rot(0.01, 'diagnosis-rules.md C8', 'share of requests refused for context size (0..1) that names the slots'),
  ctxReqOverheadFraction: rot(0.05, 'diagnosis-rules.md §3.2', 'template overhead added to prompt + output when sizing a slot context'),
  batchWidthNoBatching: rot(1.2, 'diagnosis-rules.md C9', 'busy slots per decode at or below this means requests did not batch'),
  prefillShare: rot(0.5, 'diagnosis-rules.md C10', 'server prompt time over prompt + decode time (0..1) past which prefill dominates'),
  ppRateOfReference: rot(0.5, 'diagnosis-rules.md C10', 'server prefill rate over llama-bench pp below which the configuration, not the hardware, is slow'),
  memAvailableFraction: rot(0.1, 'diagnosis-rules.md C11', 'MemAvailable over MemTotal (0..1) below which the host is short of memory'),
  vramFraction: rot(0.95, 'diagnosis-rules.md C11', 'GPU memory used over total (0..1) at which KV has no room'),
  partialOffloadGpuUtilFraction: rot(0.5, 'diagnosis-rules.md C12', 'a GPU below this share (0..1) with layers on the CPU waits for them'),
  gpuComputeUtilFraction: rot(0.95, 'diagnosis-rules.md C1', 'GPU utilisation (0..1) of a compute-bound GPU'),
  gpuPowerFraction: rot(0.9, 'diagnosis-rules.md C1', 'power draw over the power limit (0..1) of a compute-bound GPU'),
  gpuMemBusyFraction: rot(0.6, 'diagnosis-rules.md C2', 'memory-controller busy share (0..1) of a bandwidth-bound GPU'),
  throttleSampleFraction: rot(0.2, 'diagnosis-rules.md C17', 'share of loaded GPU samples with a thermal or power-brake reason (0..1)'),
  smClockOfMax: rot(0.8, 'diagnosis-rules.md C17', 'SM clock over its maximum (0..1) below which the GPU is held down'),
  generatorCpuFraction: rot(0.8, 'diagnosis-rules.md C15', "the load generator's busiest thread or process CPU (0..1) past which it is the limit"),
  coldStartTtftRatio: rot(3, 'diagnosis-rules.md C20', "TTFT p50 of the first requests over the rest's at which the start was cold"),
  loadgenReservedCores: rot(1, 'diagnosis-rules.md C5, C15', 'cores left to a load generator on the server host (k6 asks ≥ 20 % idle)'),
} as const satisfies Record<string, DiagnoseThreshold>;

export type DiagnoseThresholdKey = keyof typeof diagnoseThresholds;
/** The values in use, by key: the table's, with a user's overrides. */
export type ThresholdValues = Readonly<Record<DiagnoseThresholdKey, number>>;

/** The table's values with `overrides` laid over them; unknown keys and non-finite values are ignored. */
export function resolveThresholds(overrides: Partial<Record<string, number>> = {}): ThresholdValues {
  const values = {} as Record<DiagnoseThresholdKey, number>;
  for (const key of Object.keys(diagnoseThresholds) as DiagnoseThresholdKey[]) {
    const given = overrides[key];
    values[key] = typeof given === 'number' && Number.isFinite(given) ? given : diagnoseThresholds[key].value;
  }
  return values;
}
