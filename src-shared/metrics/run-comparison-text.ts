import { runMetricDefinitions, type ComparisonMethod, type MetricVerdict } from './run-comparison';

const statisticWords = { median: 'medians', p95: 'p95s', mean: 'means' } as const;

/** "bootstrap of medians, 2,000 resamples" or "Welch's t on run means, df 3.8". */
export function describeMethod(method: ComparisonMethod): string {
  if (method.kind === 'welch') return `Welch's t on run ${statisticWords[method.statistic]}, df ${method.df.toFixed(1)}`;
  const over = method.samples === 'seconds' ? ' per second' : '';
  return `bootstrap of ${statisticWords[method.statistic]}${over}, ${method.resamples.toLocaleString('en-US')} resamples`;
}

/**
 * One metric's verdict in words, beside the metric on the Compare page and in reports:
 * "TTFT p50: B is 38 % lower, 95 % CI 31–44 % (bootstrap of medians, 2,000 resamples, n = 412 / 398)",
 * or "Output token rate: within noise, B +1.2 %, 95 % CI −3.1 to +5.4 % (…)". `letter` names
 * the candidate; n is baseline / candidate.
 */
export function describeVerdict(verdict: MetricVerdict, context: { letter: string; confidence: number; minEffectPct: number }): string {
  const label = runMetricDefinitions[verdict.metric].label;
  const n = `n = ${verdict.n.baseline.toLocaleString('en-US')} / ${verdict.n.candidate.toLocaleString('en-US')}`;
  const { estimatePct, interval, method } = verdict;
  if (verdict.verdict === 'too few samples' || estimatePct === null || interval === null || method === null) {
    return `${label}: too few samples to compare (${n})`;
  }
  const ci = `${Math.round(context.confidence * 100)} % CI`;
  const how = `(${describeMethod(method)}, ${n})`;
  if (verdict.verdict === 'within noise') {
    const isSmall = interval.lowPct > 0 || interval.highPct < 0;
    const why = isSmall ? ` (under the ${context.minEffectPct} % minimum effect)` : '';
    return `${label}: within noise${why}, ${context.letter} ${signed(estimatePct)} %, ${ci} ${signed(interval.lowPct)} to ${signed(interval.highPct)} % ${how}`;
  }
  const direction = estimatePct > 0 ? 'higher' : 'lower';
  const [near, far] = [Math.abs(interval.lowPct), Math.abs(interval.highPct)].sort((a, b) => a - b);
  return `${label}: ${context.letter} is ${formatPct(Math.abs(estimatePct))} % ${direction}, ${ci} ${formatPct(near!)}–${formatPct(far!)} % ${how}`;
}

/** Whole percent from 10 up, one decimal below; "∞" for an unbounded bootstrap end. */
function formatPct(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  return Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function signed(value: number): string {
  const text = formatPct(Math.abs(value));
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : '−'}${text}`;
}
