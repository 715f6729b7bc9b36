import { z } from 'zod';
import { Id } from '../schemas/ids';
import { StatVerdict, type BetterWhen } from './stats/verdict';

/** The load-run metrics the statistical comparison judges; the ids match the Compare page's rows. */
export const RunMetricId = z.enum(['rps', 'tps', 'ttft-p50', 'ttft-p95', 'tpot-p50', 'tpot-p95', 'e2e-p50', 'e2e-p95']);
export type RunMetricId = z.infer<typeof RunMetricId>;

/** Where a metric's samples come from: one per successful measured request, or one per whole second of the measured window. */
export type RunMetricSource =
  | { per: 'request'; field: 'ttftMs' | 'tpotMs' | 'e2eMs'; quantile: number }
  | { per: 'second'; field: 'requestsPerS' | 'outputTokensPerS' };

export interface RunMetricDefinition {
  label: string;
  unit: 'ms' | 'req/s' | 'tok/s';
  better: BetterWhen;
  source: RunMetricSource;
}

export const runMetricDefinitions: Record<RunMetricId, RunMetricDefinition> = {
  rps: { label: 'Request rate', unit: 'req/s', better: 'higher', source: { per: 'second', field: 'requestsPerS' } },
  tps: { label: 'Output token rate', unit: 'tok/s', better: 'higher', source: { per: 'second', field: 'outputTokensPerS' } },
  'ttft-p50': { label: 'TTFT p50', unit: 'ms', better: 'lower', source: { per: 'request', field: 'ttftMs', quantile: 0.5 } },
  'ttft-p95': { label: 'TTFT p95', unit: 'ms', better: 'lower', source: { per: 'request', field: 'ttftMs', quantile: 0.95 } },
  'tpot-p50': { label: 'TPOT p50', unit: 'ms', better: 'lower', source: { per: 'request', field: 'tpotMs', quantile: 0.5 } },
  'tpot-p95': { label: 'TPOT p95', unit: 'ms', better: 'lower', source: { per: 'request', field: 'tpotMs', quantile: 0.95 } },
  'e2e-p50': { label: 'E2E p50', unit: 'ms', better: 'lower', source: { per: 'request', field: 'e2eMs', quantile: 0.5 } },
  'e2e-p95': { label: 'E2E p95', unit: 'ms', better: 'lower', source: { per: 'request', field: 'e2eMs', quantile: 0.95 } },
};

/**
 * How a verdict was reached. `bootstrap`: a seeded percentile bootstrap of the relative change
 * of the statistic over per-request (or per-second) samples of one run per side. `welch`: Welch's
 * interval on the per-run values when both sides have replicate runs (n counts runs).
 */
export const ComparisonMethod = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('bootstrap'),
    statistic: z.enum(['median', 'p95', 'mean']),
    samples: z.enum(['requests', 'seconds']),
    resamples: z.number().int().positive(),
    seed: z.number().int(),
  }),
  z.object({ kind: z.literal('welch'), statistic: z.enum(['median', 'p95', 'mean']), df: z.number().positive() }),
]);
export type ComparisonMethod = z.infer<typeof ComparisonMethod>;

/** One metric of one run (or replicate set) against the baseline. */
export const MetricVerdict = z.object({
  metric: RunMetricId,
  verdict: StatVerdict,
  /** Null when there was nothing to test (see `verdict` "too few samples"). */
  method: ComparisonMethod.nullable(),
  /** The statistic on each side in the metric's unit (for replicates, the mean of the per-run values). */
  baselineValue: z.number().nullable(),
  candidateValue: z.number().nullable(),
  /** (candidate − baseline) ÷ baseline in percent, and its interval at the comparison's confidence. */
  estimatePct: z.number().nullable(),
  interval: z.object({ lowPct: z.number(), highPct: z.number() }).nullable(),
  /** Samples behind each side: requests, seconds, or runs (welch). */
  n: z.object({ baseline: z.number().int().nonnegative(), candidate: z.number().int().nonnegative() }),
});
export type MetricVerdict = z.infer<typeof MetricVerdict>;

export const RunsComparison = z.object({
  /** Each compared side: one run, or replicate runs of one configuration. */
  arms: z.array(z.object({ runIds: z.array(Id).min(1) })),
  baselineArm: z.number().int().nonnegative(),
  confidence: z.number().gt(0).lt(1),
  /** Changes smaller than this (percent) are within noise even when the interval excludes 0. */
  minEffectPct: z.number().nonnegative(),
  /** One entry per arm other than the baseline, in arm order. */
  candidates: z.array(z.object({ arm: z.number().int().nonnegative(), metrics: z.array(MetricVerdict) })),
  /** What could not be read back from the runs' files. */
  notices: z.array(z.string()),
});
export type RunsComparison = z.infer<typeof RunsComparison>;
