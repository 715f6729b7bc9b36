import type { OpenLoad } from '../../../../src-shared/schemas/load-shape';
import { shareOf } from './closed-loop';

/** A worker's part of an open loop: every workerCount-th arrival of the run's schedule, and its share of the in-flight cap. */
export interface OpenAssignment {
  kind: 'open';
  workerIndex: number;
  workerCount: number;
  load: OpenLoad;
  /** The run's length (s): arrivals due at or after it are never sent. */
  durationS: number;
  /** Global arrival indices below this are sent (the run's request bound). */
  maxArrivals: number;
  maxInFlight: number;
}

/**
 * Pure: splits an open loop across workers. Arrivals are dealt round-robin from the one seeded
 * schedule (see ArrivalSchedule), so the merged schedule is the run's whatever the worker
 * count; the in-flight cap is split like users, and never below one per worker.
 */
export function planOpenLoop(options: { load: OpenLoad; durationS: number; requestCount: number; workerCount: number }): OpenAssignment[] {
  const workerCount = Math.max(1, Math.min(options.workerCount, options.load.maxInFlight));
  return Array.from({ length: workerCount }, (_, workerIndex) => ({
    kind: 'open' as const,
    workerIndex,
    workerCount,
    load: options.load,
    durationS: options.durationS,
    maxArrivals: options.requestCount,
    maxInFlight: Math.max(1, shareOf(options.load.maxInFlight, workerIndex, workerCount)),
  }));
}
