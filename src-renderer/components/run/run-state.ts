import type { AppErrorData } from '../../../src-shared/errors';
import type { RunRecord, RunStatus, RunSummary, SeriesPoint } from '../../../src-shared/schemas/run-result';
import { describeLoad, stageWindows } from '../../../src-shared/schemas/load-profiles';
import { effectiveDurationS, type RunPlan } from '../../../src-shared/schemas/run-plan';
import type { StageMarker } from '../charts/stage-markers';
import { formatDurationS } from '../../../src-shared/format/numbers';
import { mergeSeries, type LiveRun } from '../../queries/live-runs';
import type { LatencySet } from '../tables/latency-table';

/** Everything the run view draws, from what the index says and what the page heard live. */
export interface RunViewModel {
  status: RunStatus;
  isLive: boolean;
  fraction: number;
  elapsedS: number;
  completed: number;
  failed: number;
  inFlight: number;
  points: SeriesPoint[];
  latency: LatencySet | null;
  summary: RunSummary | null;
  error: AppErrorData | null;
}

/**
 * The final event wins over an index record fetched before it; live points fill in the seconds
 * the recorded series did not have yet. A run the index still calls running with nothing heard
 * live (opened from history mid-run) shows its recorded series until progress arrives.
 */
export function deriveRunView(record: RunRecord | undefined, series: readonly SeriesPoint[] | undefined, live: LiveRun | undefined): RunViewModel {
  const progress = live?.progress ?? null;
  const finished = live?.finished ?? null;
  const status: RunStatus = finished?.status ?? record?.status ?? 'running';
  const isLive = status === 'running';
  const summary = finished?.summary ?? record?.summary ?? null;
  const points = mergeSeries(series ?? [], live?.points ?? []);
  return {
    status,
    isLive,
    fraction: isLive ? (progress?.fraction ?? 0) : 1,
    elapsedS: summary?.durationS ?? progress?.elapsedS ?? 0,
    completed: summary?.completed ?? progress?.completed ?? 0,
    failed: summary?.failed ?? progress?.failed ?? 0,
    inFlight: isLive ? (progress?.inFlight ?? 0) : 0,
    points,
    latency: summary ?? progress?.totals ?? null,
    summary,
    error: finished?.error ?? record?.error ?? null,
  };
}

/** Mean of a per-second rate over the last `seconds` closed seconds: steadier than one second. */
export function recentRate(points: readonly SeriesPoint[], pick: (point: SeriesPoint) => number, seconds = 5): number | null {
  const recent = points.slice(-seconds);
  if (recent.length === 0) return null;
  return recent.reduce((sum, point) => sum + pick(point), 0) / recent.length;
}

/** "closed loop · 8 VUs · 10 s · max 128 tokens": the plan in one line. */
export function describePlan(plan: RunPlan): string {
  const parts = [plan.load.kind === 'closed' && !plan.load.stages ? `${plan.load.virtualUsers} virtual ${plan.load.virtualUsers === 1 ? 'user' : 'users'}` : describeLoad(plan.load)];
  if (plan.durationS !== undefined) parts.push(formatDurationS(plan.durationS));
  if (plan.requestCount !== undefined) parts.push(`${plan.requestCount} requests`);
  parts.push(`max ${plan.maxTokens} tokens`);
  return `${plan.load.kind.startsWith('open-') ? 'Open' : 'Closed'} loop · ${parts.join(' · ')}`;
}

/**
 * Where the run's stages start, for the charts' markers: the saved per-stage summary when the
 * run has one, else the stages the plan will walk through. A single stage draws no marker.
 */
export function stageMarkersOf(record: RunRecord | undefined, summary: RunSummary | null): StageMarker[] {
  const windows = summary?.stages ?? (record ? stageWindows(record.plan.load, effectiveDurationS(record.plan)) : []);
  return windows.length > 1 ? windows.map((window) => ({ xS: window.startS, label: window.label })) : [];
}
