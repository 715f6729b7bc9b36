import type { CapacitySlo } from '../../../../src-shared/schemas/capacity';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';

/** What one SLO counted over one probe's requests. */
export interface SloCount {
  /** Requests that met the SLO. */
  good: number;
  /** Requests it could judge: the denominator of attainment (§A1 "a = good / determined"). */
  determined: number;
  /** ln(observed target-quantile / limit), clamped to ±3; null when nothing was determined. */
  margin: number | null;
}

/** Beyond e³ ≈ 20× the limit a margin carries no more information for the interpolation. */
const marginCap = 3;

/**
 * The requests a probe is judged on: those scheduled in the measured window (the warm-up and
 * cool-down are left out, §A3) and not cancelled because the run ended (the server never got
 * to finish them, and the run summary does not count them as failed either).
 */
export function judgedRequests(records: readonly RequestRecord[]): RequestRecord[] {
  return records.filter((record) => (record.phase === undefined || record.phase === 'measured') && record.errorClass !== 'cancelled');
}

/**
 * A request's value for a latency SLO, in ms: +∞ for a failed request (an error or a cut
 * stream is never good, §A1); null when the metric was not measured for it (it is then not
 * determined). The stated TPOT rule: an answer of at most one output token has no time per
 * output token and meets every TPOT limit, counted as 0 ms as vLLM does and as the run's own
 * goodput does (src-shared/metrics/thresholds.ts meetsGoodputLimits).
 */
export function requestValueMs(record: RequestRecord, metric: Exclude<CapacitySlo['metric'], 'error_rate'>): number | null {
  if (record.errorClass !== null) return Number.POSITIVE_INFINITY;
  switch (metric) {
    case 'ttft':
      return record.ttftMs;
    case 'ttfc':
      return record.ttfcMs ?? null;
    case 'e2e':
      return record.e2eMs;
    case 'queue':
      return record.queueMs ?? null;
    case 'tpot':
      return tpotMs(record);
  }
}

function tpotMs(record: RequestRecord): number | null {
  if (record.outputTokens <= 1) return 0;
  if (record.tpotMs !== undefined && record.tpotMs !== null) return record.tpotMs;
  if (record.ttftMs === null) return null;
  return (record.e2eMs - record.ttftMs) / (record.outputTokens - 1);
}

/** Counts one SLO over a probe's judged requests (see judgedRequests). */
export function countSlo(requests: readonly RequestRecord[], slo: CapacitySlo): SloCount {
  if (slo.metric === 'error_rate') return countSuccesses(requests, slo);
  const metric = slo.metric;
  const values: number[] = [];
  for (const record of requests) {
    const value = requestValueMs(record, metric);
    if (value !== null) values.push(value);
  }
  const good = values.filter((value) => (slo.isInclusive ? value <= slo.limit : value < slo.limit)).length;
  return { good, determined: values.length, margin: logMargin(quantile(values, slo.target), slo.limit) };
}

function countSuccesses(requests: readonly RequestRecord[], slo: CapacitySlo): SloCount {
  const good = requests.filter((record) => record.errorClass === null).length;
  const determined = requests.length;
  const errorRate = determined === 0 ? null : (determined - good) / determined;
  return { good, determined, margin: errorRate === null ? null : logMargin(errorRate, slo.limit) };
}

/** The nearest-rank quantile (the smallest value with at least a share `q` at or below it). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

function logMargin(observed: number | null, limit: number): number | null {
  if (observed === null) return null;
  if (observed <= 0) return -marginCap;
  if (limit <= 0) return marginCap;
  return Math.max(-marginCap, Math.min(marginCap, Math.log(observed / limit)));
}
