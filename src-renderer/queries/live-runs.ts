import type { RunFinished, RunProgress, SeriesPoint } from '../../src-shared/schemas/run-result';

/**
 * What this page has heard about a run while it was live: the latest progress, every closed
 * second (progress `points` arrive in pieces), and the final fact. Pure, so it is easy to test.
 */
export interface LiveRun {
  runId: string;
  progress: RunProgress | null;
  points: SeriesPoint[];
  finished: RunFinished | null;
}

export function emptyLiveRun(runId: string): LiveRun {
  return { runId, progress: null, points: [], finished: null };
}

export function applyProgress(live: LiveRun, progress: RunProgress): LiveRun {
  return { ...live, progress, points: mergeSeries(live.points, progress.points) };
}

export function applyFinished(live: LiveRun, finished: RunFinished): LiveRun {
  return { ...live, finished };
}

/**
 * Joins two per-second series by bucket start: later arrivals win for the same second, and the
 * result is sorted, as Chart.js's `normalized` option requires.
 */
export function mergeSeries(base: readonly SeriesPoint[], extra: readonly SeriesPoint[]): SeriesPoint[] {
  if (extra.length === 0) return base as SeriesPoint[];
  const lastBase = base.at(-1);
  const firstExtra = extra[0];
  // The common case while live: new seconds strictly after the old ones.
  if (lastBase === undefined || (firstExtra !== undefined && firstExtra.tS > lastBase.tS && isSorted(extra))) {
    return [...base, ...extra];
  }
  const byT = new Map<number, SeriesPoint>();
  for (const point of base) byT.set(point.tS, point);
  for (const point of extra) byT.set(point.tS, point);
  return [...byT.values()].sort((a, b) => a.tS - b.tS);
}

function isSorted(points: readonly SeriesPoint[]): boolean {
  for (let i = 1; i < points.length; i += 1) {
    if (points[i].tS <= points[i - 1].tS) return false;
  }
  return true;
}
