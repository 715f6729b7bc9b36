import { createSeededRandom } from './seeded-random';
import { regularizedIncompleteBeta } from './t-distribution';

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
 * and the interval is the α/2 and 1 − α/2 quantiles of the resampled changes. A quantile's
 * resample is drawn from its exact bootstrap distribution (orderStatisticCdf), the same law as
 * drawing n values, so 2,000 resamples of 100,000 requests take milliseconds. Deterministic for a
 * given seed. Null when a side is empty or the baseline's statistic is 0 (no relative change).
 */
export function bootstrapRelativeChange(baseline: readonly number[], candidate: readonly number[], options: BootstrapOptions): RelativeChange | null {
  const base = statisticOf(baseline, options.statistic);
  const cand = statisticOf(candidate, options.statistic);
  if (!Number.isFinite(base) || !Number.isFinite(cand) || base === 0) return null;
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const random = createSeededRandom(options.seed ?? 1);
  const draw = { baseline: resampler(baseline, options.statistic), candidate: resampler(candidate, options.statistic) };
  const changes = new Float64Array(resamples);
  for (let i = 0; i < resamples; i += 1) {
    const b = draw.baseline(random);
    const c = draw.candidate(random);
    // A resample whose baseline statistic is 0 has an unbounded change; it sorts to the far end.
    changes[i] = b === 0 ? Math.sign(c) * Number.POSITIVE_INFINITY : ((c - b) / b) * 100;
  }
  changes.sort();
  const alpha = 1 - confidence;
  const lowIndex = Math.max(0, Math.floor((alpha / 2) * resamples));
  const highIndex = Math.min(resamples - 1, Math.ceil((1 - alpha / 2) * resamples) - 1);
  return { estimatePct: ((cand - base) / base) * 100, lowPct: changes[lowIndex]!, highPct: changes[highIndex]!, resamples, confidence };
}

/** Draws the statistic of one resample (with replacement, same size) of `samples`. */
function resampler(samples: readonly number[], statistic: Statistic): (random: () => number) => number {
  const n = samples.length;
  if (statistic.kind === 'mean') {
    return (random) => {
      let sum = 0;
      for (let i = 0; i < n; i += 1) sum += samples[Math.floor(random() * n)]!;
      return sum / n;
    };
  }
  const sorted = Float64Array.from(samples).sort();
  const order = orderStatisticCdf(n, nearestRank(n, statistic.q));
  return (random) => {
    const u = random();
    let low = 0;
    let high = order.cdf.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order.cdf[middle]! < u) low = middle + 1;
      else high = middle;
    }
    return sorted[order.first + low]!;
  };
}

/**
 * The exact bootstrap distribution of the k-th smallest (zero-based) of a resample, so a quantile
 * resample costs one uniform draw instead of n: the resample's k-th smallest is at most the j-th
 * sorted sample when at least k + 1 of its n draws land on the j + 1 smallest, a Binomial(n, (j + 1)/n)
 * count, whose tail is I_p(k + 1, n − k). Kept over j within 12 standard deviations of k,
 * beyond which the probability is below 1e-30.
 */
function orderStatisticCdf(n: number, k: number): { first: number; cdf: Float64Array } {
  const spread = Math.ceil(12 * Math.sqrt(n * 0.25)) + 2;
  const first = Math.max(0, k - spread);
  const last = Math.min(n - 1, k + spread);
  const cdf = new Float64Array(last - first + 1);
  for (let j = first; j <= last; j += 1) cdf[j - first] = j === n - 1 ? 1 : regularizedIncompleteBeta((j + 1) / n, k + 1, n - k);
  cdf[cdf.length - 1] = 1;
  return { first, cdf };
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
