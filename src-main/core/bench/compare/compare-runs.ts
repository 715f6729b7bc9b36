import { AppError } from '../../../../src-shared/errors';
import type {
  BenchComparison,
  BenchComparisonRow,
  BenchResult,
  BenchVerdict,
} from '../../../../src-shared/schemas/bench-result';
import { settingsOf, sharedSettings, varyingDimensions, type Dimension } from './dimensions';
import { judgeTest, type StatVerdict } from '../../../../src-shared/metrics/stats/verdict';
import { summarise, welchTest, type SampleSummary } from '../../../../src-shared/metrics/stats/welch-test';

/** One stored bench run as the comparison sees it. */
export interface BenchRunInput {
  id: string;
  label: string;
  results: readonly BenchResult[];
}

export interface CompareOptions {
  /** The run others are measured against; the first run by default. */
  baselineRunId?: string;
  /** Significance level of the two-sided test; 0.05 by default. */
  alpha?: number;
  /** Repetitions assumed where the output printed no samples (markdown); llama-bench's default -r is 5. */
  assumedRepetitions?: number;
}

interface Entry {
  runIndex: number;
  run: BenchRunInput;
  result: BenchResult;
}

/**
 * Puts bench runs side by side. Rows are grouped by test label (pp512, tg128 @ d4096 …); the
 * dimensions whose values differ between rows (build, backend, model, parameters) become the
 * row's settings. Each row is measured against a baseline row in the same test group:
 *  - a row of another run: the baseline run's row sharing the most settings with it;
 *  - a row of the baseline run: that run's first row of the group (its first setting).
 * The verdict is Welch's two-sided t-test at `alpha` on the per-repetition tok/s samples, or on
 * mean, stddev and n where no samples were printed ("within noise" when p ≥ alpha). The highest
 * mean of each test is marked best. Pure: no I/O.
 */
export function compareBenchRuns(runs: readonly BenchRunInput[], options: CompareOptions = {}): BenchComparison {
  const settings = checkOptions(runs, options);
  const entries = runs.flatMap((run, runIndex) => run.results.map((result) => ({ runIndex, run, result })));
  const dimensions = varyingDimensions(entries.map((entry) => entry.result));
  const ordered = groupByTest(entries);
  const rows = ordered.map((entry) => baseRow(entry, dimensions, settings.assumedRepetitions));
  ordered.forEach((_, index) => {
    const baselineIndex = findBaseline(ordered, index, { baselineRunId: settings.baselineRunId, dimensions });
    Object.assign(rows[index]!, judge(ordered, { index, baselineIndex, ...settings }));
  });
  markBest(rows);
  return {
    runs: runs.map((run) => ({ id: run.id, label: run.label })),
    baselineRunId: settings.baselineRunId,
    dimensions: dimensions.map((dimension) => dimension.name),
    rows,
    method: { test: "Welch's two-sided t-test", alpha: settings.alpha, assumedRepetitions: settings.assumedRepetitions },
  };
}

function checkOptions(runs: readonly BenchRunInput[], options: CompareOptions) {
  const problems: string[] = [];
  if (runs.length === 0) problems.push('pick at least one bench run to compare');
  const baselineRunId = options.baselineRunId ?? runs[0]?.id ?? '';
  if (runs.length > 0 && !runs.some((run) => run.id === baselineRunId)) {
    problems.push(`baseline "${baselineRunId}" is not one of the compared runs (${runs.map((run) => run.id).join(', ')})`);
  }
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) problems.push(`alpha must be between 0 and 1, got ${alpha}`);
  const assumedRepetitions = options.assumedRepetitions ?? 5;
  if (!Number.isInteger(assumedRepetitions) || assumedRepetitions < 1) problems.push('assumed repetitions must be a whole number ≥ 1');
  if (problems.length > 0) throw new AppError('invalid_input', problems.join('\n'), { details: problems });
  return { baselineRunId, alpha, assumedRepetitions };
}

/** Entries ordered by test (in order of first appearance), then by run, then as printed. */
function groupByTest(entries: Entry[]): Entry[] {
  const order = new Map<string, number>();
  for (const entry of entries) if (!order.has(entry.result.test)) order.set(entry.result.test, order.size);
  return entries
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => order.get(a.entry.result.test)! - order.get(b.entry.result.test)! || a.entry.runIndex - b.entry.runIndex || a.position - b.position)
    .map(({ entry }) => entry);
}

function baseRow(entry: Entry, dimensions: Dimension[], assumedN: number): BenchComparisonRow {
  const { result } = entry;
  const isAssumedN = !hasSamples(result) && result.repetitions === null;
  return {
    test: result.test,
    runId: entry.run.id,
    runLabel: entry.run.label,
    settings: settingsOf(result, dimensions),
    meanTs: result.avgTs,
    stddevTs: result.stddevTs,
    n: hasSamples(result) ? result.samplesTs!.length : (result.repetitions ?? assumedN),
    isAssumedN,
    baselineRow: null,
    deltaPct: null,
    pValue: null,
    verdict: 'no baseline',
    isBest: false,
  };
}

function hasSamples(result: BenchResult): boolean {
  return result.samplesTs !== undefined && result.samplesTs.length > 0;
}

function findBaseline(ordered: Entry[], index: number, context: { baselineRunId: string; dimensions: Dimension[] }): number | null {
  const entry = ordered[index]!;
  const candidates = ordered
    .map((other, position) => ({ other, position }))
    .filter(({ other }) => other.result.test === entry.result.test && other.run.id === context.baselineRunId);
  if (candidates.length === 0) return null;
  if (entry.run.id === context.baselineRunId) return candidates[0]!.position;
  let best = candidates[0]!;
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = sharedSettings(entry.result, candidate.other.result, context.dimensions);
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best.position;
}

interface JudgeContext {
  index: number;
  baselineIndex: number | null;
  alpha: number;
  assumedRepetitions: number;
}

function judge(ordered: Entry[], context: JudgeContext): Partial<BenchComparisonRow> {
  const { index, baselineIndex } = context;
  if (baselineIndex === null) return { verdict: 'no baseline' };
  if (baselineIndex === index) return { verdict: 'baseline' };
  const candidate = ordered[index]!.result;
  const reference = ordered[baselineIndex]!.result;
  const deltaPct = reference.avgTs > 0 ? ((candidate.avgTs - reference.avgTs) / reference.avgTs) * 100 : null;
  const welch = welchTest(summaryOf(reference, context.assumedRepetitions), summaryOf(candidate, context.assumedRepetitions));
  const test = welch !== null && Number.isFinite(welch.p) ? welch : null;
  const verdict = benchWords[judgeTest(test, { better: 'higher', alpha: context.alpha })];
  return { baselineRow: baselineIndex, deltaPct, pValue: test?.p ?? null, verdict };
}

/** The shared verdict in a bench's words: more tok/s is better, and reads "faster". */
const benchWords: Record<StatVerdict, BenchVerdict> = {
  better: 'faster',
  worse: 'slower',
  'within noise': 'within noise',
  'too few samples': 'too few samples',
};

/** Samples when the output printed them; otherwise the printed mean ± stddev with n repetitions. */
function summaryOf(result: BenchResult, assumedN: number): SampleSummary {
  if (hasSamples(result)) return summarise(result.samplesTs!);
  return { mean: result.avgTs, stddev: result.stddevTs, n: result.repetitions ?? assumedN };
}

function markBest(rows: BenchComparisonRow[]): void {
  const best = new Map<string, number>();
  for (const row of rows) best.set(row.test, Math.max(best.get(row.test) ?? Number.NEGATIVE_INFINITY, row.meanTs));
  for (const row of rows) row.isBest = row.meanTs === best.get(row.test);
}
