import type { RequestRecord } from '../schemas/request-record';
import type { SeriesPoint } from '../schemas/run-result';
import { latencyMetrics } from './definitions';

/**
 * Pure formatting of a run's exports: the formulas written beside the numbers, and CSV rows of
 * per-request records and per-second points. Field names are documented in EXPORT.md next to
 * this file.
 */

/** The formula of every exported figure, in words: written into every JSON export. */
export const metricFormulas: Readonly<Record<string, string>> = {
  ttftMs: latencyMetrics.ttft.description,
  ttfcMs: latencyMetrics.ttfc.description,
  itlMs: latencyMetrics.itl.description,
  tpotMs: latencyMetrics.tpot.description,
  e2eMs: latencyMetrics.e2e.description,
  queueMs: latencyMetrics.queue.description,
  sendLagMs: latencyMetrics.sendLag.description,
  requestsPerS: 'completed requests scheduled in the measured window ÷ durationS (the window: warm-up and cool-down excluded)',
  outputTokensPerS: 'output tokens of those requests ÷ durationS; each request\'s count from usage, else llama.cpp timings, else content chunks (tokenSource)',
  goodputPerS: 'completed requests meeting every per-request SLO limit (each latency term with < or <=) ÷ durationS, as vLLM bench --goodput',
  percentiles: 'p50/p90/p95/p99/max from HDR histograms (3 significant digits, values in µs); latencies of successful requests only',
  late: 'requests sent more than 10 ms after their scheduled instant',
  dropped: 'arrivals never sent: the in-flight cap was full (whenFull drop) or they were still waiting when the run ended (k6 dropped_iterations)',
};

/** What other load tools call our latency figures, where names collide: written into every JSON export. */
export const metricNamesElsewhere: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(latencyMetrics).flatMap((metric) => (metric.elsewhere === undefined ? [] : [[`${metric.id}Ms`, metric.elsewhere]])),
);

/** Columns of the per-request CSV, in order; each is a RequestRecord field. */
export const requestCsvColumns = [
  'worker', 'vu', 'seq', 'stage', 'phase', 'scheduledMs', 'sentMs', 'headersMs', 'firstChunkMs', 'firstTokenMs', 'endMs',
  'sendLagMs', 'ttfcMs', 'ttftMs', 'tpotMs', 'e2eMs', 'queueMs', 'contentChunks', 'promptTokens', 'outputTokens', 'tokenSource',
  'status', 'finishReason', 'errorClass', 'errorMessage', 'isLate', 'isGood', 'serverPromptMs', 'serverPredictedPerS', 'tokenDisagreement',
] as const satisfies ReadonlyArray<keyof RequestRecord>;

/** Columns of the per-second CSV, in order; each is a SeriesPoint field. */
export const seriesCsvColumns = [
  'tS', 'stage', 'completed', 'failed', 'sent', 'late', 'dropped', 'inFlight', 'requestsPerS', 'outputTokensPerS', 'goodputPerS',
  'ttftP50Ms', 'ttftP95Ms', 'ttftP99Ms', 'itlP50Ms', 'itlP99Ms', 'tpotP50Ms', 'e2eP50Ms', 'e2eP95Ms',
] as const satisfies ReadonlyArray<keyof SeriesPoint>;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null and undefined are empty; objects are JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function requestCsvRow(record: RequestRecord): string {
  return csvRow(requestCsvColumns.map((column) => record[column]));
}

export function seriesCsvRow(point: SeriesPoint): string {
  return csvRow(seriesCsvColumns.map((column) => point[column]));
}
