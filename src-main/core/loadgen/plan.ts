import { effectiveDurationS, runLimits, type RunPlan } from '../../../src-shared/schemas/run-plan';

/** One worker thread's part of a run. */
export interface WorkerShare {
  workerIndex: number;
  /** Global index of its first virtual user. */
  firstVu: number;
  virtualUsers: number;
  /** Requests it may start in all. */
  requestBudget: number;
}

/**
 * A single event loop holds many mostly-idle streams; below this many users per thread,
 * spreading a run over more threads only adds start-up time and merge work.
 */
export const virtualUsersPerWorkerTarget = 64;
export const maxWorkers = 16;

/** Worker threads for a run: enough for the users, never more than cores, users or maxWorkers. */
export function chooseWorkerCount(options: { virtualUsers: number; cores: number; requested?: number | undefined }): number {
  const ceiling = Math.max(1, Math.min(options.virtualUsers, maxWorkers));
  if (options.requested !== undefined) return Math.max(1, Math.min(options.requested, ceiling));
  const wanted = Math.ceil(options.virtualUsers / virtualUsersPerWorkerTarget);
  return Math.max(1, Math.min(wanted, options.cores, ceiling));
}

/**
 * Splits users and the request bound exactly across workers: shares differ by at most one
 * user, and each worker's request budget is proportional to its users, the remainder going
 * to the first workers, so the budgets add up to the run's bound.
 */
export function planWorkerShares(options: { virtualUsers: number; requestCount: number; workerCount: number }): WorkerShare[] {
  const { virtualUsers, requestCount } = options;
  const workerCount = Math.max(1, Math.min(options.workerCount, virtualUsers));
  const shares: WorkerShare[] = [];
  let firstVu = 0;
  let budgetGiven = 0;
  for (let workerIndex = 0; workerIndex < workerCount; workerIndex += 1) {
    const users = Math.floor(virtualUsers / workerCount) + (workerIndex < virtualUsers % workerCount ? 1 : 0);
    const budget = Math.floor((requestCount * (firstVu + users)) / virtualUsers) - budgetGiven;
    shares.push({ workerIndex, firstVu, virtualUsers: users, requestBudget: budget });
    firstVu += users;
    budgetGiven += budget;
  }
  return shares;
}

/** The run's bounds: a count (the plan's, or the global ceiling) and a duration (the plan's, or the cap). */
export function runBounds(plan: RunPlan): { requestCount: number; durationMs: number } {
  return { requestCount: plan.requestCount ?? runLimits.maxRequestCount, durationMs: effectiveDurationS(plan) * 1000 };
}
