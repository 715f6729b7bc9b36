import { studentTQuantile, studentTTwoSidedP } from './t-distribution';

/** What a two-sample test needs of each side: mean, sample standard deviation (n − 1), count. */
export interface SampleSummary {
  mean: number;
  stddev: number;
  n: number;
}

export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  df: number;
  /** Two-sided p-value; 0 or 1 when both spreads are zero (the means simply differ or not). */
  p: number;
}

/** Mean, sample standard deviation and count of a list of samples. */
export function summarise(samples: readonly number[]): SampleSummary {
  const n = samples.length;
  const mean = n === 0 ? 0 : samples.reduce((sum, v) => sum + v, 0) / n;
  const variance = n < 2 ? 0 : samples.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { mean, stddev: Math.sqrt(variance), n };
}

/**
 * Welch's unequal-variance t-test of `candidate` against `baseline`, from summaries alone (so it
 * works for outputs that only print mean ± stddev). t > 0 means the candidate's mean is higher.
 * Null when either side has fewer than 2 samples: no spread, no test.
 */
export function welchTest(baseline: SampleSummary, candidate: SampleSummary): WelchResult | null {
  if (baseline.n < 2 || candidate.n < 2) return null;
  const vb = baseline.stddev ** 2 / baseline.n;
  const vc = candidate.stddev ** 2 / candidate.n;
  const diff = candidate.mean - baseline.mean;
  if (vb + vc === 0) {
    return { t: diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY, df: baseline.n + candidate.n - 2, p: diff === 0 ? 1 : 0 };
  }
  const t = diff / Math.sqrt(vb + vc);
  const df = (vb + vc) ** 2 / (vb ** 2 / (baseline.n - 1) + vc ** 2 / (candidate.n - 1));
  return { t, df, p: studentTTwoSidedP(t, df) };
}

/** A confidence interval of the difference of two means (candidate − baseline), in their unit. */
export interface MeanDifferenceInterval {
  difference: number;
  low: number;
  high: number;
  /** Welch–Satterthwaite degrees of freedom behind the t quantile. */
  df: number;
}

/**
 * Welch's confidence interval of candidate.mean − baseline.mean at `confidence` (two-sided):
 * difference ± t(1 − α/2, df) · √(s²ᵦ/nᵦ + s²꜀/n꜀). It excludes 0 exactly when welchTest's p < α.
 * Null when either side has fewer than 2 samples; a point when neither side varies.
 */
export function welchInterval(baseline: SampleSummary, candidate: SampleSummary, confidence = 0.95): MeanDifferenceInterval | null {
  if (baseline.n < 2 || candidate.n < 2) return null;
  const vb = baseline.stddev ** 2 / baseline.n;
  const vc = candidate.stddev ** 2 / candidate.n;
  const difference = candidate.mean - baseline.mean;
  const df = vb + vc === 0 ? baseline.n + candidate.n - 2 : (vb + vc) ** 2 / (vb ** 2 / (baseline.n - 1) + vc ** 2 / (candidate.n - 1));
  const margin = vb + vc === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(vb + vc);
  return { difference, low: difference - margin, high: difference + margin, df };
}
