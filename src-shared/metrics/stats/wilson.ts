/**
 * The Wilson score interval of a binomial proportion, and the standard normal quantile it needs.
 * Written here rather than taken from a package because src-shared takes no packages but zod
 * (simple-statistics and jstat would give the quantile; neither is installed), and both are a
 * few lines with published reference values (see wilson.test.ts).
 */

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9): far finer
// than any confidence level a probe verdict needs.
const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const lowTail = 0.02425;

function poly(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);
}

function acklam(p: number): number {
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lowTail) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (±∞ at 0 and 1), to about 1e-9 relative. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  return acklam(p);
}

/** A confidence interval for a proportion, both ends in 0..1. */
export interface ProportionInterval {
  low: number;
  high: number;
}

export interface WilsonOptions {
  /** Confidence level, 0..1 (0.95). */
  confidence: number;
  /**
   * 2: the usual two-sided interval; 1: each end is a one-sided bound at `confidence` (the
   * interval a test "is the proportion above q?" uses, as GuideLLM's goodput profile does).
   */
  sides: 1 | 2;
}

/**
 * The Wilson score interval of `successes` out of `trials` (Wilson 1927; Newcombe 1998, method 3).
 * It stays inside 0..1 and behaves at 0 and n successes, where the normal (Wald) interval
 * collapses to a point. With no trials it is the whole range 0..1: nothing is known.
 */
export function wilsonInterval(successes: number, trials: number, options: WilsonOptions): ProportionInterval {
  if (trials <= 0) return { low: 0, high: 1 };
  const alpha = 1 - options.confidence;
  const z = normalQuantile(1 - alpha / options.sides);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // At 0 or n successes the matching end is exactly 0 or 1; rounding must not push it past.
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - half),
    high: successes >= trials ? 1 : Math.min(1, centre + half),
  };
}
