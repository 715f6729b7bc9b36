import { emptyLatencyStats } from '../../../src-shared/metrics/percentiles';
import { evaluateThresholds, type Threshold } from '../../../src-shared/metrics/thresholds';
import type { StageWindow } from '../../../src-shared/schemas/load-profiles';
import type { ClientHealth, LatencyStats, RunOutputTokens, RunProgress, RunSummary, StageSummary, TokenSourceCounts } from '../../../src-shared/schemas/run-result';
import { readLatencyStatsMs, type LatencyHistograms } from './histograms';
import type { Bucket, RunCounts } from './series';
import { mergeServerOutages, sumConnectBackoff } from './server-outages';
import type { Reachability } from './worker/protocol';

/** The measured window of a run: [startS, endS) of run time, warm-up and cool-down excluded. */
export interface MeasuredWindow {
  startS: number;
  endS: number;
  /** The plan's cool-down, reported beside the warm-up. */
  cooldownS?: number;
}

export interface SummaryInput {
  /** Requests scheduled in the measured window. */
  measured: Bucket;
  /** Every request of the run, warm-up and cool-down included (absent: the measured window stands for it). */
  totals?: RunCounts;
  /** The same per stage window index. */
  stages?: ReadonlyMap<number, Bucket>;
  stageWindows?: readonly StageWindow[];
  window: MeasuredWindow;
  /** Mean offered rate over the window (open loops), else null. */
  offeredRps?: number | null;
  thresholds?: readonly Threshold[];
  clientHealth?: ClientHealth;
  /** Each worker's refused connections and backoff, and the run's start (epoch ms) to place them on the run's axis. */
  reachability?: { runStartMs: number; workers: readonly Reachability[] };
}

/**
 * The run's summary from its merged measured-window totals. Rates divide by the measured
 * window (warm-up and cool-down excluded; cut short by a stop or the last request's end);
 * latencies cover successful requests only; requests cancelled by the end of the run are in
 * errorsByClass.cancelled but not in `failed`.
 */
export function buildRunSummary(input: SummaryInput): RunSummary {
  const { counts, histograms } = input.measured;
  const durationS = Math.max(0, input.window.endS - input.window.startS);
  const perS = (value: number): number => (durationS > 0 ? round(value / durationS, 3) : 0);
  const summary: RunSummary = {
    completed: counts.completed,
    failed: counts.failed,
    durationS: round(durationS, 3),
    requestsPerS: perS(counts.completed),
    outputTokensPerS: perS(counts.outputTokens),
    inputTokens: counts.promptTokens,
    outputTokens: counts.outputTokens,
    ...latencyFields(histograms),
    errorsByClass: { ...counts.errors },
    warmupS: round(input.window.startS, 3),
    cooldownS: round(input.window.cooldownS ?? 0, 3),
    inputTokensPerS: perS(counts.promptTokens),
    goodRequests: counts.good,
    goodputPerS: perS(counts.good),
    tokenSource: tokenSourceCounts(counts.tokenSources),
    arrivals: { offeredRps: input.offeredRps ?? null, achievedRps: perS(counts.sent), sent: counts.sent, late: counts.late, dropped: counts.dropped },
    ...connectionFields(counts, input.totals ?? counts),
  };
  if (input.clientHealth) summary.clientHealth = input.clientHealth;
  addReachability(summary, input.reachability);
  if (input.thresholds && input.thresholds.length > 0) {
    const outcomes = evaluateThresholds(input.thresholds, { statsMs: { ttft: summary.ttftMs, ttfc: summary.ttfcMs, itl: summary.itlMs, tpot: summary.tpotMs, e2e: summary.e2eMs, queue: summary.queueMs }, completed: counts.completed, failed: counts.failed });
    summary.thresholds = outcomes;
    summary.isSloMet = outcomes.every((outcome) => outcome.isPassed);
  }
  if (input.stageWindows && input.stageWindows.length > 1) summary.stages = stageSummaries(input);
  return summary;
}

/**
 * Tokens of requests cut short, stale-connection retries (measured window), and over the whole
 * run the connection policy and the tokens by outcome a server's counter can be checked against.
 */
function connectionFields(counts: RunCounts, totals: RunCounts): Pick<RunSummary, 'cancelledOutputTokens' | 'failedOutputTokens' | 'staleConnectionRetries' | 'serverClosesAfterAnswer' | 'runOutputTokens'> {
  const runOutputTokens: RunOutputTokens = {
    completed: totals.outputTokens,
    cancelled: totals.cancelledOutputTokens,
    failed: totals.failedOutputTokens,
    cutShort: totals.cutShort,
  };
  return {
    cancelledOutputTokens: counts.cancelledOutputTokens,
    failedOutputTokens: counts.failedOutputTokens,
    staleConnectionRetries: counts.staleRetries,
    ...(totals.freshConnectionSwitches > 0 ? { serverClosesAfterAnswer: true } : {}),
    runOutputTokens,
  };
}

/** Outages and backoff cover the whole run: an outage during warm-up is still one the user must hear about. */
function addReachability(summary: RunSummary, reachability: SummaryInput['reachability']): void {
  if (!reachability || reachability.workers.length === 0) return;
  const outages = mergeServerOutages(reachability.workers, reachability.runStartMs);
  if (outages.length > 0) summary.serverOutages = outages;
  const backoff = sumConnectBackoff(reachability.workers);
  if (backoff) summary.connectBackoff = backoff;
}

function latencyFields(histograms: LatencyHistograms): Record<'ttftMs' | 'itlMs' | 'tpotMs' | 'e2eMs' | 'ttfcMs' | 'queueMs' | 'sendLagMs', LatencyStats> {
  return {
    ttftMs: readLatencyStatsMs(histograms.ttft),
    itlMs: readLatencyStatsMs(histograms.itl),
    tpotMs: readLatencyStatsMs(histograms.tpot),
    e2eMs: readLatencyStatsMs(histograms.e2e),
    ttfcMs: readLatencyStatsMs(histograms.ttfc),
    queueMs: readLatencyStatsMs(histograms.queue),
    sendLagMs: readLatencyStatsMs(histograms.sendLag),
  };
}

/** Each stage window clipped to the measured window; stages wholly outside it are left out. */
function stageSummaries(input: SummaryInput): StageSummary[] {
  const out: StageSummary[] = [];
  for (const window of input.stageWindows ?? []) {
    const startS = Math.max(window.startS, input.window.startS);
    const endS = Math.min(window.endS, input.window.endS);
    if (endS <= startS) continue;
    const bucket = input.stages?.get(window.index);
    const counts: RunCounts | undefined = bucket?.counts;
    const lengthS = endS - startS;
    const perS = (value: number): number => round(value / lengthS, 3);
    const { ttftMs, itlMs, tpotMs, e2eMs } = bucket ? latencyFields(bucket.histograms) : emptyLatencies();
    out.push({
      index: window.index,
      label: window.label,
      startS: round(startS, 3),
      endS: round(endS, 3),
      completed: counts?.completed ?? 0,
      failed: counts?.failed ?? 0,
      requestsPerS: perS(counts?.completed ?? 0),
      outputTokensPerS: perS(counts?.outputTokens ?? 0),
      goodputPerS: perS(counts?.good ?? 0),
      ttftMs,
      itlMs,
      tpotMs,
      e2eMs,
      errorsByClass: { ...(counts?.errors ?? {}) },
    });
  }
  return out;
}

function emptyLatencies(): { ttftMs: LatencyStats; itlMs: LatencyStats; tpotMs: LatencyStats; e2eMs: LatencyStats } {
  return { ttftMs: { ...emptyLatencyStats }, itlMs: { ...emptyLatencyStats }, tpotMs: { ...emptyLatencyStats }, e2eMs: { ...emptyLatencyStats } };
}

/** Counts per source, the primary one (the source of at least 95 % of the successes), and how many disagreed. */
export function tokenSourceCounts(sources: RunCounts['tokenSources']): TokenSourceCounts {
  const counts = { usage: sources.usage, timings: sources.timings, chunks: sources.chunks, disagreements: sources.disagreed ?? 0 };
  const total = sources.usage + sources.timings + sources.chunks;
  if (total === 0) return { ...counts, primary: 'none' };
  const entries = [['usage', sources.usage], ['timings', sources.timings], ['chunks', sources.chunks]] as const;
  const top = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { ...counts, primary: top[1] >= total * 0.95 ? top[0] : 'mixed' };
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
