import { describe, expect, it } from 'vitest';
import { assertBenchPlan } from '../../../../../src-main/core/bench/plan/bench-plan';
import { assumptionsFromResults, defaultAssumptions, estimateBench } from '../../../../../src-main/core/bench/plan/bench-estimate';
import { validateBenchArgs } from '../../../../../src-main/core/bench/plan/plan-from-args';
import { parseBenchOutput } from '../../../../../src-main/core/bench/parsers/parse-bench-output';
import { readBenchFixture } from '../bench-fixtures';

function planOf(args: string[]) {
  const outcome = validateBenchArgs(args);
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.plan;
}

describe('estimateBench', () => {
  it('counts the 16 tests of the captured CPU grid', () => {
    // The command line that produced test/fixtures/llama-bench/v0.5.0/llama-bench.json.
    const plan = planOf(['-m', 'tiny-llama-f16.gguf', '-p', '64,128', '-n', '32', '-pg', '64,16', '-d', '0,128', '-t', '1-2', '-r', '3']);
    const estimate = estimateBench(plan);
    expect(estimate).toMatchObject({ combinations: 4, tests: 16, timedRuns: 48 });
    expect(estimate.tests).toBe(parseBenchOutput(readBenchFixture('v0.5.0/llama-bench.json')).results.length);
  });

  it('counts the 8 tests of the GPU grid, with llama-bench defaults for -p and -n', () => {
    const plan = planOf(['-m', 'llama.gguf', '-ngl', '99', '-fa', '0,1', '-d', '0,4096', '-r', '5']);
    expect(estimateBench(plan)).toMatchObject({ combinations: 4, tests: 8, timedRuns: 40 });
  });

  it('adds up warm-up, repetitions, depth prefill and model loads', () => {
    const plan = assertBenchPlan({ models: 'm.gguf', nPrompt: '1000', nGen: '30', nDepth: '2000', repetitions: 4 }).plan;
    const assumptions = { promptTokensPerS: 1000, genTokensPerS: 30, modelLoadS: 10, basis: 'defaults' } as const;
    // pp1000: (5 × 1000 + 2000) / 1000 = 7 s; tg30: 2 s prefill + (4 × 30 + 1) / 30 s; one load of 10 s.
    expect(estimateBench(plan, assumptions).estimatedS).toBeCloseTo(7 + 2 + 121 / 30 + 10, 10);
  });

  it('takes its speeds from earlier results of the same setup when there are some', () => {
    const assumptions = assumptionsFromResults(parseBenchOutput(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results);
    expect(assumptions.basis).toBe('earlier results');
    expect(assumptions.promptTokensPerS).toBeCloseTo((11217.155858 + 12611.62) / 2, 0);
    expect(assumptionsFromResults([])).toBe(defaultAssumptions);
  });
});
