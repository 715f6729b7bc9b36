import { parseThresholds, type Threshold } from '../../../../src-shared/metrics/thresholds';
import type { CapacitySlo } from '../../../../src-shared/schemas/capacity';

/** The SLOs of a capacity search, and every term that cannot be one, each with its reason. */
export interface CapacitySloParse {
  slos: CapacitySlo[];
  problems: string[];
}

const percentileTargets: Record<string, number> = { p50: 0.5, med: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/**
 * Parses an SLO string in the run plan's syntax (src-shared/metrics/thresholds.ts) into
 * attainment tests (tuning-loop.md §A1): "ttft_p95<500" holds iff ≥ 95 % of requests have
 * TTFT < 500 ms; "error_rate<0.01" iff ≥ 99 % of requests succeed. Terms that are not an
 * upper limit on a percentile or on the error rate are refused: an average or a maximum is not
 * a count of conforming requests, and ITL is measured per token, not per request.
 */
export function parseCapacitySlos(text: string): CapacitySloParse {
  const parsed = parseThresholds(text);
  const fromThresholds = toCapacitySlos(parsed.thresholds);
  const problems = [...parsed.problems, ...fromThresholds.problems];
  if (parsed.thresholds.length === 0 && parsed.problems.length === 0) problems.push('no SLO given; write one such as ttft_p95<1000,tpot_p95<100');
  return { slos: fromThresholds.slos, problems };
}

/** The attainment tests of already parsed thresholds (see parseCapacitySlos for what is refused). */
export function toCapacitySlos(thresholds: readonly Threshold[]): CapacitySloParse {
  const slos: CapacitySlo[] = [];
  const problems: string[] = [];
  for (const threshold of thresholds) {
    const slo = toCapacitySlo(threshold);
    if (typeof slo === 'string') problems.push(`"${threshold.source}": ${slo}`);
    else slos.push(slo);
  }
  return { slos, problems };
}

function toCapacitySlo(threshold: Threshold): CapacitySlo | string {
  if (threshold.op !== '<' && threshold.op !== '<=') return 'a capacity SLO is an upper limit (< or <=)';
  const isInclusive = threshold.op === '<=';
  if (threshold.metric === 'error_rate') {
    return { source: threshold.source, metric: 'error_rate', target: 1 - threshold.limit, limit: threshold.limit, isInclusive };
  }
  if (threshold.metric === 'itl') return 'ITL is measured per token, not per request; use tpot for an attainment SLO';
  const target = percentileTargets[threshold.aggregate];
  if (target === undefined) return `${threshold.aggregate} is not a share of requests; use a percentile (p50, p90, p95, p99)`;
  return { source: threshold.source, metric: threshold.metric, target, limit: threshold.limit, isInclusive };
}
