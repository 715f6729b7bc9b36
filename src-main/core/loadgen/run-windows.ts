import { goodputLimits, parseThresholds, type Threshold } from '../../../src-shared/metrics/thresholds';
import { resolveLoadShape, stageWindows, type StageWindow } from '../../../src-shared/schemas/load-profiles';
import { isOpenLoad } from '../../../src-shared/schemas/load-shape';
import { runPlanDefaults, type RunPlan } from '../../../src-shared/schemas/run-plan';
import { buildRateProfile, expectedArrivals } from './executors/arrival-schedule';
import type { MeasuredWindow } from './summary';
import type { Segmenting, StartMessage } from './worker/protocol';

/**
 * Pure: how a run's time is cut up for the statistics — the warm-up, the measured window and
 * the cool-down, and the stage windows — and the SLO it is judged by.
 */
export interface RunWindows {
  durationS: number;
  warmupS: number;
  cooldownS: number;
  stages: StageWindow[];
  segmenting: Segmenting;
  thresholds: Threshold[];
  goodputLimitsMs: StartMessage['goodputLimitsMs'];
}

/** At most this many stage windows are told apart (the protocol's segment key has 8 bits for them). */
export const maxStageWindows = 256;

export function planRunWindows(plan: RunPlan, durationS: number): RunWindows {
  const warmupS = plan.warmupS ?? runPlanDefaults.warmupS;
  const cooldownS = plan.cooldownS ?? runPlanDefaults.cooldownS;
  const stages = stageWindows(plan.load, durationS).slice(0, maxStageWindows);
  const thresholds = plan.slo ? parseThresholds(plan.slo).thresholds : [];
  return {
    durationS,
    warmupS,
    cooldownS,
    stages,
    segmenting: {
      warmupEndMs: warmupS * 1000,
      cooldownStartMs: Math.max(warmupS, durationS - cooldownS) * 1000,
      stageStartsMs: stages.length > 0 ? stages.map((stage) => stage.startS * 1000) : [0],
    },
    thresholds,
    goodputLimitsMs: goodputLimits(thresholds).limitsMs,
  };
}

/** The measured window of a run that lasted `elapsedS` (less than planned when stopped). */
export function measuredWindow(windows: RunWindows, elapsedS: number): MeasuredWindow {
  const startS = Math.min(windows.warmupS, elapsedS);
  const endS = Math.max(startS, Math.min(elapsedS, windows.durationS - windows.cooldownS));
  return { startS, endS, cooldownS: windows.cooldownS };
}

/** Mean rate an open loop offered over the window (expected arrivals ÷ length); null for a closed loop. */
export function offeredRateRps(plan: RunPlan, windows: RunWindows, window: MeasuredWindow): number | null {
  const load = resolveLoadShape(plan.load);
  if (!isOpenLoad(load) || window.endS <= window.startS) return null;
  const profile = buildRateProfile(load, windows.durationS);
  const arrivals = expectedArrivals(profile, window.endS) - expectedArrivals(profile, window.startS);
  return Math.round((arrivals / (window.endS - window.startS)) * 1000) / 1000;
}
