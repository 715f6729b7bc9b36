/**
 * SLOs and thresholds as declarative strings, k6's syntax plus the short `metric_pNN` form,
 * parsed here and evaluated over a run summary after the run (executors never decide pass or
 * fail). Grammar, one or more terms separated by commas:
 *
 *   term       := short | k6
 *   short      := METRIC '_' AGG OP VALUE             ttft_p95<2000   tpot_avg<=50   error_rate<0.01
 *   k6         := [METRIC ':'] K6AGG OP VALUE         p(95)<500   ttft:p(99)<3000   tpot: avg<50
 *   METRIC     := ttft | ttfc | itl | tpot | e2e | queue      (e2el is read as e2e)
 *   AGG        := p50 | p90 | p95 | p99 | avg | med | min | max
 *   K6AGG      := p(50) | p(90) | p(95) | p(99) | avg | med | min | max
 *   OP         := < | <= | > | >= | == | ===
 *   VALUE      := number, in ms; a trailing `ms` or `s` is allowed (2s = 2000 ms)
 *
 * A k6 term without a metric applies to e2e (k6's http_req_duration). `error_rate` takes the
 * aggregate `rate` only: failed / (completed + failed), a fraction. Only the percentiles a
 * summary keeps (50, 90, 95, 99) can be used.
 *
 * Goodput (vLLM's --goodput): every latency term whose operator is `<` or `<=` is also a
 * per-request limit. A request is good when it succeeded and each of its values meets every
 * such limit (`ttft_p95<2000` makes 2000 ms the TTFT limit of each request); goodput is the
 * rate of good requests. A request that has no value for a metric (TPOT of a one-token
 * answer) meets that limit.
 */

export const sloMetricIds = ['ttft', 'ttfc', 'itl', 'tpot', 'e2e', 'queue'] as const;
export type SloMetricId = (typeof sloMetricIds)[number];
export type ThresholdMetric = SloMetricId | 'error_rate';
export type ThresholdAggregate = 'p50' | 'p90' | 'p95' | 'p99' | 'avg' | 'med' | 'min' | 'max' | 'rate';
export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';

export interface Threshold {
  /** The term as written (trimmed). */
  source: string;
  metric: ThresholdMetric;
  aggregate: ThresholdAggregate;
  op: ThresholdOp;
  /** In ms for latency metrics, a fraction for error_rate. */
  limit: number;
}

export interface ThresholdParse {
  thresholds: Threshold[];
  /** Every problem at once, one message per bad term. */
  problems: string[];
}

const percentileAggregates = new Set(['p50', 'p90', 'p95', 'p99']);
const plainAggregates = new Set(['avg', 'med', 'min', 'max']);
const metricAliases: Record<string, ThresholdMetric> = { e2el: 'e2e', error: 'error_rate', errors: 'error_rate' };
const shortForm = /^([a-z0-9]+(?:_rate)?)_(p\d+(?:\.\d+)?|avg|med|min|max|mean)\s*(<=|>=|===|==|<|>)\s*(.+)$/i;
const errorRateForm = /^(error_rate)\s*(<=|>=|===|==|<|>)\s*(.+)$/i;
const k6Form = /^(?:([a-z0-9_]+)\s*:\s*)?(p\(\s*\d+(?:\.\d+)?\s*\)|avg|med|min|max|rate)\s*(<=|>=|===|==|<|>)\s*(.+)$/i;

/** Parses an SLO string; an empty string gives no thresholds and no problems. */
export function parseThresholds(text: string): ThresholdParse {
  const thresholds: Threshold[] = [];
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const term = raw.trim();
    if (term.length === 0) continue;
    const parsed = parseTerm(term);
    if (typeof parsed === 'string') problems.push(`"${term}": ${parsed}`);
    else thresholds.push(parsed);
  }
  return { thresholds, problems };
}

function parseTerm(term: string): Threshold | string {
  const errorRate = errorRateForm.exec(term);
  if (errorRate) return build({ term, metric: 'error_rate', aggregate: 'rate', op: errorRate[2]!, value: errorRate[3]! });
  const short = shortForm.exec(term);
  if (short) return build({ term, metric: short[1]!, aggregate: short[2]!.toLowerCase().replace('mean', 'avg'), op: short[3]!, value: short[4]! });
  const k6 = k6Form.exec(term);
  if (k6) {
    const aggregate = k6[2]!.toLowerCase().replace(/^p\(\s*([\d.]+)\s*\)$/, 'p$1');
    return build({ term, metric: k6[1] ?? 'e2e', aggregate, op: k6[3]!, value: k6[4]! });
  }
  return 'not a threshold; write it as ttft_p95<2000, p(95)<500 or ttft:p(99)<3000';
}

function build(parts: { term: string; metric: string; aggregate: string; op: string; value: string }): Threshold | string {
  const metricName = parts.metric.toLowerCase();
  const metric = metricAliases[metricName] ?? metricName;
  if (metric !== 'error_rate' && !(sloMetricIds as readonly string[]).includes(metric)) {
    return `unknown metric "${parts.metric}"; use one of ${sloMetricIds.join(', ')} or error_rate`;
  }
  const aggregate = parts.aggregate;
  if (metric === 'error_rate' && aggregate !== 'rate') return 'error_rate takes the rate aggregate only (error_rate<0.01)';
  if (metric !== 'error_rate' && !percentileAggregates.has(aggregate) && !plainAggregates.has(aggregate)) {
    return aggregate.startsWith('p') ? `percentile ${aggregate.slice(1)} is not kept; use p50, p90, p95 or p99` : `unknown aggregate "${aggregate}"`;
  }
  const limit = parseLimit(parts.value, metric === 'error_rate');
  if (typeof limit === 'string') return limit;
  const op = (parts.op === '===' ? '==' : parts.op) as ThresholdOp;
  return { source: parts.term, metric: metric as ThresholdMetric, aggregate: aggregate as ThresholdAggregate, op, limit };
}

function parseLimit(text: string, isFraction: boolean): number | string {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|%)?$/i.exec(text.trim());
  if (!match) return `"${text.trim()}" is not a number`;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  if (isFraction) {
    if (unit === 'ms' || unit === 's') return 'error_rate is a fraction (0.01) or a percentage (1%), not a time';
    const fraction = unit === '%' ? value / 100 : value;
    return fraction <= 1 ? fraction : 'error_rate is at most 1 (100%)';
  }
  if (unit === '%') return 'a latency limit is a time in ms (or with s)';
  return unit === 's' ? value * 1000 : value;
}

/** Per-request limits (ms) for goodput: from every latency term with `<` or `<=`. */
export interface GoodputLimits {
  limitsMs: Partial<Record<SloMetricId, { limitMs: number; inclusive: boolean }>>;
}

/** The goodput limits of a threshold list; the tightest limit wins when a metric appears twice. */
export function goodputLimits(thresholds: readonly Threshold[]): GoodputLimits {
  const limitsMs: GoodputLimits['limitsMs'] = {};
  for (const threshold of thresholds) {
    if (threshold.metric === 'error_rate' || (threshold.op !== '<' && threshold.op !== '<=')) continue;
    const inclusive = threshold.op === '<=';
    const current = limitsMs[threshold.metric];
    if (!current || threshold.limit < current.limitMs || (threshold.limit === current.limitMs && !inclusive)) {
      limitsMs[threshold.metric] = { limitMs: threshold.limit, inclusive };
    }
  }
  return { limitsMs };
}

/** True when a request's values (ms; undefined or null = not measured) meet every goodput limit. */
export function meetsGoodputLimits(limits: GoodputLimits, valuesMs: Partial<Record<SloMetricId, number | null>>): boolean {
  for (const [metric, limit] of Object.entries(limits.limitsMs) as Array<[SloMetricId, { limitMs: number; inclusive: boolean }]>) {
    const value = valuesMs[metric];
    if (value === undefined || value === null) continue;
    if (limit.inclusive ? value > limit.limitMs : value >= limit.limitMs) return false;
  }
  return true;
}

/** What evaluateThresholds needs from a summary: stats per metric in ms, and the counts. */
export interface ThresholdInputs {
  statsMs: Partial<Record<SloMetricId, { count: number; mean: number; min: number; max: number; p50: number; p90: number; p95: number; p99: number }>>;
  completed: number;
  failed: number;
}

export interface ThresholdResult {
  source: string;
  /** The measured value the limit was compared with (ms or fraction); null when nothing was measured. */
  actual: number | null;
  limit: number;
  isPassed: boolean;
}

/** Evaluates each threshold; a threshold over a metric with no samples fails (nothing proves it held). */
export function evaluateThresholds(thresholds: readonly Threshold[], inputs: ThresholdInputs): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const actual = actualValue(threshold, inputs);
    const isPassed = actual !== null && compare(actual, threshold.op, threshold.limit);
    return { source: threshold.source, actual, limit: threshold.limit, isPassed };
  });
}

function actualValue(threshold: Threshold, inputs: ThresholdInputs): number | null {
  if (threshold.metric === 'error_rate') {
    const finished = inputs.completed + inputs.failed;
    return finished === 0 ? null : inputs.failed / finished;
  }
  const stats = inputs.statsMs[threshold.metric];
  if (!stats || stats.count === 0) return null;
  const key = threshold.aggregate === 'avg' ? 'mean' : threshold.aggregate === 'med' ? 'p50' : threshold.aggregate;
  return key === 'rate' ? null : stats[key];
}

function compare(actual: number, op: ThresholdOp, limit: number): boolean {
  if (op === '<') return actual < limit;
  if (op === '<=') return actual <= limit;
  if (op === '>') return actual > limit;
  if (op === '>=') return actual >= limit;
  return actual === limit;
}
