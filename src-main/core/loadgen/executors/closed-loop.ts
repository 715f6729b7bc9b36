import type { ClosedLoad } from '../../../../src-shared/schemas/load-shape';

/** From `atMs` (since the run start) on, this many users run. */
export interface UserLevel {
  atMs: number;
  users: number;
}

/** A worker's part of a closed loop: its user levels over time and its share of the request bound. */
export interface ClosedAssignment {
  kind: 'closed';
  workerIndex: number;
  workerCount: number;
  /** Starts at atMs 0; one entry per change of this worker's user count. */
  levels: UserLevel[];
  requestBudget: number;
}

/**
 * The run's user level over time, k6 ramping-vus style: the level starts at `virtualUsers`
 * and each stage moves it linearly to its target, one user at a time — on a ramp from a to b
 * over D the level becomes a + j at D·j/|b − a| — so a zero-length stage is a step.
 */
export function runUserLevels(load: ClosedLoad): UserLevel[] {
  const levels: UserLevel[] = [{ atMs: 0, users: load.virtualUsers }];
  let startMs = 0;
  let level = load.virtualUsers;
  for (const stage of load.stages ?? []) {
    const durationMs = stage.durationS * 1000;
    const delta = stage.target - level;
    for (let step = 1; step <= Math.abs(delta); step += 1) {
      levels.push({ atMs: startMs + (durationMs * step) / Math.abs(delta), users: level + Math.sign(delta) * step });
    }
    startMs += durationMs;
    level = stage.target;
  }
  return collapse(levels);
}

/** Keeps the last level given for each instant and drops entries that change nothing. */
function collapse(levels: readonly UserLevel[]): UserLevel[] {
  const out: UserLevel[] = [];
  for (const level of levels) {
    if (out.length > 0 && out[out.length - 1]!.atMs === level.atMs) out.pop();
    if (out.length > 0 && out[out.length - 1]!.users === level.users) continue;
    out.push(level);
  }
  return out;
}

/** Worker `workerIndex`'s share of `users`: shares differ by at most one, the first workers taking the remainder. */
export function shareOf(users: number, workerIndex: number, workerCount: number): number {
  return Math.floor(users / workerCount) + (workerIndex < users % workerCount ? 1 : 0);
}

/**
 * Pure: splits a closed loop across `workerCount` workers. Each worker's user level follows
 * the run's level exactly (the shares add up at every instant); request budgets are
 * proportional to each worker's peak users, remainders to the first, adding up to the bound.
 */
export function planClosedLoop(options: { load: ClosedLoad; requestCount: number; workerCount: number }): ClosedAssignment[] {
  const runLevels = runUserLevels(options.load);
  const peak = Math.max(...runLevels.map((level) => level.users));
  const workerCount = Math.max(1, Math.min(options.workerCount, peak));
  const assignments: ClosedAssignment[] = [];
  let peakBefore = 0;
  let budgetGiven = 0;
  for (let workerIndex = 0; workerIndex < workerCount; workerIndex += 1) {
    const levels = collapse(runLevels.map((level) => ({ atMs: level.atMs, users: shareOf(level.users, workerIndex, workerCount) })));
    const workerPeak = shareOf(peak, workerIndex, workerCount);
    const budget = Math.floor((options.requestCount * (peakBefore + workerPeak)) / peak) - budgetGiven;
    assignments.push({ kind: 'closed', workerIndex, workerCount, levels, requestBudget: budget });
    peakBefore += workerPeak;
    budgetGiven += budget;
  }
  return assignments;
}

/** The global id of a worker's local user `localIndex` (ids interleave across workers). */
export function globalVu(assignment: { workerIndex: number; workerCount: number }, localIndex: number): number {
  return localIndex * assignment.workerCount + assignment.workerIndex;
}
