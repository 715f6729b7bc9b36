import { resolveLoadShape } from '../../../src-shared/schemas/load-profiles';
import { isOpenLoad, type LoadShape } from '../../../src-shared/schemas/load-shape';
import { effectiveDurationS, runLimits, type RunPlan } from '../../../src-shared/schemas/run-plan';
import { planClosedLoop, runUserLevels, type ClosedAssignment } from './executors/closed-loop';
import { planOpenLoop, type OpenAssignment } from './executors/open-loop';

/** One worker thread's part of a run, from the executor of the plan's load shape. */
export type WorkerAssignment = ClosedAssignment | OpenAssignment;

/**
 * A single event loop holds many mostly-idle streams; below this many users per thread,
 * spreading a run over more threads only adds start-up time and merge work.
 */
export const virtualUsersPerWorkerTarget = 64;
/** Likewise for open loops: one thread keeps a schedule of a few hundred arrivals a second. */
export const arrivalsPerWorkerTarget = 250;
export const maxWorkers = 16;

/** Worker threads for a run: enough for its users or rate, never more than cores or maxWorkers (a request overrides the cores). */
export function chooseWorkerCount(options: { load: LoadShape; cores: number; requested?: number | undefined }): number {
  const load = resolveLoadShape(options.load);
  const demand = isOpenLoad(load) ? load.maxInFlight : Math.max(...runUserLevels(load).map((level) => level.users));
  const ceiling = Math.max(1, Math.min(demand, maxWorkers));
  if (options.requested !== undefined) return Math.max(1, Math.min(options.requested, ceiling));
  const wanted = isOpenLoad(load) ? Math.ceil(peakRateRps(load) / arrivalsPerWorkerTarget) : Math.ceil(demand / virtualUsersPerWorkerTarget);
  return Math.max(1, Math.min(wanted, options.cores, ceiling));
}

function peakRateRps(load: ReturnType<typeof resolveLoadShape>): number {
  if (load.kind === 'open-ramping') return Math.max(load.startRateRps, ...load.stages.map((stage) => stage.targetRps));
  return load.kind === 'closed' ? 0 : load.rateRps;
}

/** Pure: the plan's executor splits the run across `workerCount` workers (fewer when the load is too small to split). */
export function planExecution(plan: RunPlan, workerCount: number): WorkerAssignment[] {
  const load = resolveLoadShape(plan.load);
  const bounds = runBounds(plan);
  if (isOpenLoad(load)) return planOpenLoop({ load, durationS: bounds.durationMs / 1000, requestCount: bounds.requestCount, workerCount });
  return planClosedLoop({ load, requestCount: bounds.requestCount, workerCount });
}

/** The run's bounds: a count (the plan's, or the global ceiling) and a duration (the plan's, its stages', or the cap). */
export function runBounds(plan: RunPlan): { requestCount: number; durationMs: number } {
  return { requestCount: plan.requestCount ?? runLimits.maxRequestCount, durationMs: effectiveDurationS(plan) * 1000 };
}
