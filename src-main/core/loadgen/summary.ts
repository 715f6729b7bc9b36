import type { LatencyStats, RunProgress, RunSummary } from '../../../src-shared/schemas/run-result';
import { readLatencyStatsMs, type LatencyHistograms } from './histograms';
import type { RunCounts } from './series';

/**
 * The run's summary from its merged totals. Rates divide by the measured window (start to the
 * last request's end, or to the stop); latencies cover successful requests only; requests
 * cancelled by the end of the run are in errorsByClass.cancelled but not in `failed`.
 */
export function buildRunSummary(totals: { counts: RunCounts; histograms: LatencyHistograms }, durationS: number): RunSummary {
  const { counts, histograms } = totals;
  const safeDurationS = durationS > 0 ? durationS : 0;
  return {
    completed: counts.completed,
    failed: counts.failed,
    durationS: round(safeDurationS, 3),
    requestsPerS: safeDurationS > 0 ? round(counts.completed / safeDurationS, 3) : 0,
    outputTokensPerS: safeDurationS > 0 ? round(counts.outputTokens / safeDurationS, 3) : 0,
    inputTokens: counts.promptTokens,
    outputTokens: counts.outputTokens,
    ttftMs: readLatencyStatsMs(histograms.ttft),
    itlMs: readLatencyStatsMs(histograms.itl),
    tpotMs: readLatencyStatsMs(histograms.tpot),
    e2eMs: readLatencyStatsMs(histograms.e2e),
    errorsByClass: { ...counts.errors },
  };
}

/** The live totals a progress event carries. */
export function progressTotals(histograms: LatencyHistograms): RunProgress['totals'] {
  const totals: { ttftMs: LatencyStats; itlMs: LatencyStats; e2eMs: LatencyStats } = {
    ttftMs: readLatencyStatsMs(histograms.ttft),
    itlMs: readLatencyStatsMs(histograms.itl),
    e2eMs: readLatencyStatsMs(histograms.e2e),
  };
  return totals;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
