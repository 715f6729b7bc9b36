import { createSeededRandom } from './seeded-random';

/** What the bootstrap estimates on each side: a quantile (0.5 = median, nearest rank) or the mean. */
export type Statistic = { kind: 'quantile'; q: number } | { kind: 'mean' };

export interface BootstrapOptions {
  statistic: Statistic;
  /** Resamples of each side; 2,000 by default. */
  resamples?: number;
  /** Seed of the resampling; the same seed and samples give the same interval. 1 by default. */
  seed?: number;
  /** Two-sided confidence of the interval; 0.95 by default. */
  confidence?: number;
}

/** The candidate's statistic against the baseline's, as a relative change in percent. */
export interface RelativeChange {
  /** (candidate − baseline) ÷ baseline · 100 on the samples as measured. */
  estimatePct: number;
  lowPct: number;
  highPct: number;
  resamples: number;
  confidence: number;
}

/**
 * The statistic of a sample: the mean, or the nearest-rank quantile (the smallest value with at
 * least q of the samples at or below it). NaN for no samples. Does not reorder `samples`.
 */
export function statisticOf(samples: readonly number[], statistic: Statistic): number {
  if (samples.length === 0) return Number.NaN;
  if (statistic.kind === 'mean') return samples.reduce((sum, v) => sum + v, 0) / samples.length;
  return selectRank(Float64Array.from(samples), nearestRank(samples.length, statistic.q));
}

/**
 * A percentile-bootstrap confidence interval of the relative change of `statistic` from
 * `baseline` to `candidate`: each resample draws both sides anew with replacement (sizes kept),
 * and the interval is the α/2 and 1 − α/2 quantiles of the resampled changes. Deterministic for a
 * given seed. Null when a side is empty or the baseline's statistic is 0 (no relative change).
 */
export function bootstrapRelativeChange(baseline: readonly number[], candidate: readonly number[], options: BootstrapOptions): RelativeChange | null {
  const base = statisticOf(baseline, options.statistic);
  const cand = statisticOf(candidate, options.statistic);
  if (!Number.isFinite(base) || !Number.isFinite(cand) || base === 0) return null;
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const random = createSeededRandom(options.seed ?? 1);
  const scratch = { baseline: new Float64Array(baseline.length), candidate: new Float64Array(candidate.length) };
  const changes = new Float64Array(resamples);
  for (let i = 0; i < resamples; i += 1) {
    const b = resampledStatistic(baseline, scratch.baseline, { random, statistic: options.statistic });
    const c = resampledStatistic(candidate, scratch.candidate, { random, statistic: options.statistic });
    // A resample whose baseline statistic is 0 has an unbounded change; it sorts to the far end.
    changes[i] = b === 0 ? Math.sign(c) * Number.POSITIVE_INFINITY : ((c - b) / b) * 100;
  }
  changes.sort();
  const alpha = 1 - confidence;
  const lowIndex = Math.max(0, Math.floor((alpha / 2) * resamples));
  const highIndex = Math.min(resamples - 1, Math.ceil((1 - alpha / 2) * resamples) - 1);
  return { estimatePct: ((cand - base) / base) * 100, lowPct: changes[lowIndex]!, highPct: changes[highIndex]!, resamples, confidence };
}

function resampledStatistic(samples: readonly number[], into: Float64Array, context: { random: () => number; statistic: Statistic }): number {
  const n = samples.length;
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const value = samples[Math.floor(context.random() * n)]!;
    into[i] = value;
    sum += value;
  }
  if (context.statistic.kind === 'mean') return sum / n;
  return selectRank(into, nearestRank(n, context.statistic.q));
}

/** Zero-based index of the nearest-rank q-quantile among n sorted values. */
function nearestRank(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
}

/** The k-th smallest value (zero-based) of `values`, which it reorders: Hoare's quickselect, O(n) on average. */
function selectRank(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        [values[i], values[j]] = [values[j]!, values[i]!];
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}
