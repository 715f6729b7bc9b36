import { RunMetricId, runMetricDefinitions, type ComparisonMethod, type MetricVerdict, type RunMetricSource, type RunsComparison } from '../../../../src-shared/metrics/run-comparison';
import { bootstrapRelativeChange, statisticOf, type Statistic } from '../../../../src-shared/metrics/stats/bootstrap';
import { judgeChange, type ChangeInterval } from '../../../../src-shared/metrics/stats/verdict';
import { summarise, welchInterval } from '../../../../src-shared/metrics/stats/welch-test';

/** What the comparison needs of one run: per-request latencies (ms) and per-second rates. */
export interface RunSamples {
  runId: string;
  requests: Record<'ttftMs' | 'tpotMs' | 'e2eMs', number[]>;
  seconds: Record<'requestsPerS' | 'outputTokensPerS', number[]>;
}

export interface CompareLoadRunsOptions {
  /** Index of the arm the others are measured against. */
  baselineArm: number;
  /** Two-sided confidence of every interval; 0.95 by default. */
  confidence?: number;
  /** Changes smaller than this many percent are within noise; 5 by default. */
  minEffectPct?: number;
  /** Bootstrap resamples; 2,000 by default. */
  resamples?: number;
  /** Bootstrap seed; 1 by default, so a comparison repeats exactly. */
  seed?: number;
}

interface Settings {
  confidence: number;
  minEffectPct: number;
  resamples: number;
  seed: number;
}

/**
 * Judges every metric of every arm against the baseline arm. An arm is one run, or replicate
 * runs of one configuration. When both arms hold at least two runs, the per-run values (each
 * run's median, p95 or mean) go through Welch's interval of the difference of means, which sees
 * run-to-run spread; otherwise a seeded percentile bootstrap of the statistic over the pooled
 * per-request (or per-second) samples. Either interval is a relative change in percent of the
 * baseline, judged by judgeChange with `minEffectPct`. Pure and deterministic.
 */
export function compareLoadRuns(arms: readonly (readonly RunSamples[])[], options: CompareLoadRunsOptions): Omit<RunsComparison, 'notices'> {
  const settings: Settings = { confidence: options.confidence ?? 0.95, minEffectPct: options.minEffectPct ?? 5, resamples: options.resamples ?? 2000, seed: options.seed ?? 1 };
  const baseline = arms[options.baselineArm]!;
  const candidates = arms.flatMap((arm, index) =>
    index === options.baselineArm ? [] : [{ arm: index, metrics: RunMetricId.options.map((metric) => judgeMetric(metric, { baseline, candidate: arm, settings })) }],
  );
  return {
    arms: arms.map((arm) => ({ runIds: arm.map((run) => run.runId) })),
    baselineArm: options.baselineArm,
    confidence: settings.confidence,
    minEffectPct: settings.minEffectPct,
    candidates,
  };
}

interface MetricContext {
  baseline: readonly RunSamples[];
  candidate: readonly RunSamples[];
  settings: Settings;
}

function judgeMetric(metric: RunMetricId, context: MetricContext): MetricVerdict {
  const definition = runMetricDefinitions[metric];
  const isReplicated = context.baseline.length >= 2 && context.candidate.length >= 2;
  const measured = isReplicated ? byWelch(definition.source, context) : byBootstrap(definition.source, context);
  return {
    metric,
    verdict: judgeChange(measured.change, { better: definition.better, minEffectPct: context.settings.minEffectPct }),
    method: measured.change === null ? null : measured.method,
    baselineValue: finiteOrNull(measured.values[0]),
    candidateValue: finiteOrNull(measured.values[1]),
    estimatePct: measured.change?.estimatePct ?? null,
    interval: measured.change === null ? null : { lowPct: measured.change.lowPct, highPct: measured.change.highPct },
    n: measured.n,
  };
}

interface Measured {
  change: ChangeInterval | null;
  method: ComparisonMethod;
  values: [number, number];
  n: { baseline: number; candidate: number };
}

function byBootstrap(source: RunMetricSource, context: MetricContext): Measured {
  const statistic = statisticFor(source);
  const baseline = context.baseline.flatMap((run) => samplesOf(run, source));
  const candidate = context.candidate.flatMap((run) => samplesOf(run, source));
  const { resamples, seed, confidence } = context.settings;
  return {
    change: bootstrapRelativeChange(baseline, candidate, { statistic, resamples, seed, confidence }),
    method: { kind: 'bootstrap', statistic: statisticName(statistic), samples: source.per === 'second' ? 'seconds' : 'requests', resamples, seed },
    values: [statisticOf(baseline, statistic), statisticOf(candidate, statistic)],
    n: { baseline: baseline.length, candidate: candidate.length },
  };
}

function byWelch(source: RunMetricSource, context: MetricContext): Measured {
  const statistic = statisticFor(source);
  const perRun = (runs: readonly RunSamples[]) => runs.map((run) => statisticOf(samplesOf(run, source), statistic)).filter(Number.isFinite);
  const baseline = summarise(perRun(context.baseline));
  const candidate = summarise(perRun(context.candidate));
  const interval = welchInterval(baseline, candidate, context.settings.confidence);
  const toPct = (value: number) => (value / baseline.mean) * 100;
  const change = interval === null || baseline.mean === 0 ? null : { estimatePct: toPct(interval.difference), lowPct: toPct(interval.low), highPct: toPct(interval.high) };
  return {
    change,
    method: { kind: 'welch', statistic: statisticName(statistic), df: interval?.df ?? 1 },
    values: [baseline.n === 0 ? Number.NaN : baseline.mean, candidate.n === 0 ? Number.NaN : candidate.mean],
    n: { baseline: baseline.n, candidate: candidate.n },
  };
}

function samplesOf(run: RunSamples, source: RunMetricSource): number[] {
  return source.per === 'request' ? run.requests[source.field] : run.seconds[source.field];
}

function statisticFor(source: RunMetricSource): Statistic {
  return source.per === 'request' ? { kind: 'quantile', q: source.quantile } : { kind: 'mean' };
}

function statisticName(statistic: Statistic): 'median' | 'p95' | 'mean' {
  if (statistic.kind === 'mean') return 'mean';
  return statistic.q === 0.5 ? 'median' : 'p95';
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
