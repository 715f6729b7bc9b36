import type { OpenLoad } from '../../../../src-shared/schemas/load-shape';

/** A worker's part of an open loop: every workerCount-th arrival of the run's schedule, under the run's one in-flight cap. */
export interface OpenAssignment {
  kind: 'open';
  workerIndex: number;
  workerCount: number;
  load: OpenLoad;
  /** The run's length (s): arrivals due at or after it are never sent. */
  durationS: number;
  /** Global arrival indices below this are sent (the run's request bound). */
  maxArrivals: number;
  /** The whole run's cap, not a share: the workers hold it together (worker/in-flight-slots.ts). */
  maxInFlight: number;
}

/**
 * Pure: splits an open loop across workers. Arrivals are dealt round-robin from the one seeded
 * schedule (see ArrivalSchedule), so the merged schedule is the run's whatever the worker
 * count. The in-flight cap is not split: a share per worker let one worker drop an arrival
 * while another had room, so every worker carries the run's cap and they count against it
 * together. There are never more workers than slots.
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
    maxInFlight: options.load.maxInFlight,
  }));
}
