import { z } from 'zod';

/**
 * The verdict of one statistical comparison, shared by the bench comparison (tok/s, where
 * better reads "faster") and the load-run comparison: better or worse only when the test finds
 * the change, otherwise within noise; too few samples when there is nothing to test.
 */
export const StatVerdict = z.enum(['better', 'worse', 'within noise', 'too few samples']);
export type StatVerdict = z.infer<typeof StatVerdict>;

/** Which direction of a metric is an improvement. */
export type BetterWhen = 'higher' | 'lower';

/** A relative change with its confidence interval, all in percent of the baseline. */
export interface ChangeInterval {
  estimatePct: number;
  lowPct: number;
  highPct: number;
}

/**
 * The verdict of an interval of relative change: within noise when it holds 0 or when the
 * estimate is smaller than `minEffectPct` (a change too small to act on, and smaller than runs of
 * one configuration repeat to, which a per-request interval does not see); otherwise better or
 * worse by the estimate's direction. Too few samples when there is no interval.
 */
export function judgeChange(change: ChangeInterval | null, options: { better: BetterWhen; minEffectPct: number }): StatVerdict {
  if (change === null || Number.isNaN(change.lowPct) || Number.isNaN(change.highPct)) return 'too few samples';
  if (change.lowPct <= 0 && change.highPct >= 0) return 'within noise';
  if (Math.abs(change.estimatePct) < options.minEffectPct) return 'within noise';
  return isBetter(change.estimatePct, options.better) ? 'better' : 'worse';
}

/**
 * The verdict of a two-sided test: better or worse by the sign of its statistic when p < alpha,
 * within noise otherwise, too few samples without a test.
 */
export function judgeTest(test: { p: number; t: number } | null, options: { better: BetterWhen; alpha: number }): StatVerdict {
  if (test === null || !Number.isFinite(test.p)) return 'too few samples';
  if (test.p >= options.alpha) return 'within noise';
  return isBetter(test.t, options.better) ? 'better' : 'worse';
}

function isBetter(signed: number, better: BetterWhen): boolean {
  return better === 'higher' ? signed > 0 : signed < 0;
}
