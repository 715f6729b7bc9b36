import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import type { BenchPlan } from './bench-plan';
import { median } from '../../../../src-shared/metrics/stats/median';

/** The speeds an estimate assumes, and where they came from. */
export interface ThroughputAssumptions {
  promptTokensPerS: number;
  genTokensPerS: number;
  /** Seconds to load a model (once per model and -ngl value). */
  modelLoadS: number;
  basis: 'defaults' | 'earlier results';
}

/** Deliberately modest: a 7–8B model on a mid-range GPU, or a small model on a CPU. */
export const defaultAssumptions: ThroughputAssumptions = { promptTokensPerS: 1000, genTokensPerS: 30, modelLoadS: 10, basis: 'defaults' };

export interface BenchEstimate {
  /** Parameter combinations: models × every list's length. */
  combinations: number;
  /** Tests llama-bench will run and print a result for: combinations × (-p, -n and -pg tests). */
  tests: number;
  /** Timed repetitions in all (tests × -r), what `--progress` counts. */
  timedRuns: number;
  /** A rough wall time in seconds (prompt warm-up and depth prefill included). */
  estimatedS: number;
  assumptions: ThroughputAssumptions;
}

/**
 * How much a plan will run and roughly how long it takes. llama-bench runs, per combination,
 * every -p test, every -n test and every -pg pair, each with one warm-up and -r timed
 * repetitions; a depth is pre-filled once per test. Times come from `assumptions`, ideally
 * measured (`assumptionsFromResults`); the estimate is only as good as they are.
 */
export function estimateBench(plan: BenchPlan, assumptions: ThroughputAssumptions = defaultAssumptions): BenchEstimate {
  const depths = plan.nDepth ?? [0];
  const otherLists = [plan.threads, plan.batchSize, plan.ubatchSize, plan.gpuLayers, plan.flashAttn, plan.cacheTypeK, plan.cacheTypeV];
  const perDepth = plan.models.length * otherLists.reduce((product, list) => product * (list?.length ?? 1), 1);
  const shapes = testShapes(plan);
  const repetitions = plan.repetitions ?? 5;
  let testS = 0;
  for (const depth of depths) {
    for (const [prompt, gen] of shapes) {
      const promptS = ((repetitions + 1) * prompt + depth) / assumptions.promptTokensPerS;
      const genS = (repetitions * gen + (gen > 0 ? 1 : 0)) / assumptions.genTokensPerS;
      testS += (promptS + genS) * perDepth;
    }
  }
  const loads = plan.models.length * (plan.gpuLayers?.length ?? 1);
  const combinations = perDepth * depths.length;
  const tests = combinations * shapes.length;
  return { combinations, tests, timedRuns: tests * repetitions, estimatedS: testS + loads * assumptions.modelLoadS, assumptions };
}

/** [prompt tokens, generated tokens] of each test in one combination. */
function testShapes(plan: BenchPlan): Array<[number, number]> {
  const prompts = (plan.nPrompt ?? [512]).filter((p) => p > 0).map((p): [number, number] => [p, 0]);
  const gens = (plan.nGen ?? [128]).filter((n) => n > 0).map((n): [number, number] => [0, n]);
  return [...prompts, ...gens, ...(plan.pg ?? [])];
}

/**
 * Speeds measured by earlier runs of the same model and host: the median pp and tg tok/s of
 * results without depth. Falls back to the defaults for what the results do not cover.
 */
export function assumptionsFromResults(results: readonly BenchResult[]): ThroughputAssumptions {
  const pp = positiveMedian(results.filter((r) => r.nGen === 0 && r.nPrompt > 0 && r.nDepth === 0).map((r) => r.avgTs));
  const tg = positiveMedian(results.filter((r) => r.nPrompt === 0 && r.nGen > 0 && r.nDepth === 0).map((r) => r.avgTs));
  if (pp === null && tg === null) return defaultAssumptions;
  return {
    promptTokensPerS: pp ?? defaultAssumptions.promptTokensPerS,
    genTokensPerS: tg ?? defaultAssumptions.genTokensPerS,
    modelLoadS: defaultAssumptions.modelLoadS,
    basis: 'earlier results',
  };
}

/** The median of the positive rates (a zero is a test that measured nothing). */
function positiveMedian(values: number[]): number | null {
  return median(values.filter((value) => value > 0));
}
