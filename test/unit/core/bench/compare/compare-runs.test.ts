import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../../../src-shared/schemas/bench-result';
import { BenchComparison } from '../../../../../src-shared/schemas/bench-result';
import { compareBenchRuns, type BenchRunInput } from '../../../../../src-main/core/bench/compare/compare-runs';
import { parseBenchOutput } from '../../../../../src-main/core/bench/parsers/parse-bench-output';
import { readBenchFixture } from '../bench-fixtures';

function result(options: { test?: 'pp512' | 'tg128'; samples?: number[]; mean?: number; stddev?: number; params?: BenchResult['params'] }): BenchResult {
  const samples = options.samples;
  const mean = samples ? samples.reduce((s, v) => s + v, 0) / samples.length : options.mean!;
  const isPrompt = (options.test ?? 'pp512') === 'pp512';
  return {
    buildCommit: 'abc1234', buildNumber: 100, backends: 'CUDA', cpuInfo: null, gpuInfo: null,
    modelType: 'llama 8B Q4_0', modelFilename: null, modelSizeBytes: null, modelParamCount: null,
    params: options.params ?? { n_threads: 8 },
    nPrompt: isPrompt ? 512 : 0, nGen: isPrompt ? 0 : 128, nDepth: 0, test: options.test ?? 'pp512',
    avgTs: mean, stddevTs: options.stddev ?? 0, repetitions: samples ? samples.length : null, testTime: null, extra: {},
    ...(samples ? { samplesTs: samples } : {}),
  };
}

const run = (id: string, ...results: BenchResult[]): BenchRunInput => ({ id, label: `run ${id}`, results });

describe('compareBenchRuns', () => {
  it('finds equal means with a large spread within noise', () => {
    const comparison = compareBenchRuns([
      run('a', result({ samples: [80, 120, 95, 105, 100] })),
      run('b', result({ samples: [70, 130, 100, 90, 110] })),
    ]);
    expect(comparison.rows.map((row) => row.verdict)).toEqual(['baseline', 'within noise']);
    expect(comparison.rows[1]!.deltaPct).toBeCloseTo(0, 10);
  });

  it('finds a 10 % gain with a small spread faster, and the reverse slower', () => {
    const slow = result({ samples: [100, 101, 99, 100.5, 99.5] });
    const fast = result({ samples: [110, 111, 109, 110.5, 109.5] });
    const up = compareBenchRuns([run('a', slow), run('b', fast)]).rows[1]!;
    expect(up).toMatchObject({ verdict: 'faster', baselineRow: 0, isBest: true });
    expect(up.deltaPct).toBeCloseTo(10, 10);
    expect(up.pValue).toBeLessThan(1e-6);
    expect(compareBenchRuns([run('a', fast), run('b', slow)]).rows[1]!.verdict).toBe('slower');
  });

  it('keeps a 10 % gain within noise when the spread swamps it', () => {
    const rows = compareBenchRuns([run('a', result({ samples: [60, 140, 100, 80, 120] })), run('b', result({ samples: [70, 150, 110, 90, 130] }))]).rows;
    expect(rows[1]!.verdict).toBe('within noise');
  });

  it('tests mean ± stddev with the assumed repetitions when no samples were printed', () => {
    const rows = compareBenchRuns([run('a', result({ mean: 100, stddev: 1 })), run('b', result({ mean: 110, stddev: 1 }))], { assumedRepetitions: 5 }).rows;
    expect(rows[1]).toMatchObject({ verdict: 'faster', n: 5, isAssumedN: true });
    expect(rows[1]!.pValue! / 2.5597532587261395e-7).toBeCloseTo(1, 5);
  });

  it('pairs a row with the baseline row that shares its settings', () => {
    const base = run('a', result({ mean: 100, stddev: 1, params: { n_threads: 4 } }), result({ mean: 200, stddev: 1, params: { n_threads: 8 } }));
    const other = run('b', result({ mean: 210, stddev: 1, params: { n_threads: 8 } }));
    const rows = compareBenchRuns([base, other]).rows;
    expect(rows.map((row) => [row.runId, row.settings.threads, row.baselineRow, row.verdict])).toEqual([
      ['a', '4', null, 'baseline'],
      ['a', '8', 0, 'faster'],
      ['b', '8', 1, 'faster'],
    ]);
    expect(rows[2]!.deltaPct).toBeCloseTo(5, 10);
  });

  it('groups rows by test and shows only the dimensions that differ', () => {
    const comparison = compareBenchRuns([
      run('a', result({ mean: 100, stddev: 1, params: { n_threads: 8, flash_attn: 'off' } }), result({ test: 'tg128', mean: 10, stddev: 0.1, params: { n_threads: 8, flash_attn: 'off' } })),
      run('b', result({ mean: 120, stddev: 1, params: { n_threads: 8, flash_attn: 'on' } }), result({ test: 'tg128', mean: 10, stddev: 0.1, params: { n_threads: 8, flash_attn: 'on' } })),
    ]);
    expect(comparison.dimensions).toEqual(['fa']);
    expect(comparison.rows.map((row) => [row.test, row.runId, row.isBest])).toEqual([
      ['pp512', 'a', false], ['pp512', 'b', true], ['tg128', 'a', true], ['tg128', 'b', true],
    ]);
    expect(comparison.rows[3]!.verdict).toBe('within noise');
  });

  it('does not turn a parameter that one output left out into a differing dimension', () => {
    const json = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results;
    const md = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench-gpu-grid.md')).results;
    const comparison = compareBenchRuns([run('json', ...json), run('md', ...md)]);
    expect(comparison.dimensions).toEqual(['fa']);
    const mdRows = comparison.rows.filter((row) => row.runId === 'md');
    expect(mdRows.every((row) => row.verdict === 'within noise' && row.isAssumedN)).toBe(true);
  });

  it('compares the settings of a single run against its first setting', () => {
    const grid = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results;
    const rows = compareBenchRuns([run('grid', ...grid)]).rows;
    expect(rows.map((row) => `${row.test} ${row.settings.fa} ${row.verdict}`)).toEqual([
      'pp512 off baseline', 'pp512 on faster', 'tg128 off baseline', 'tg128 on faster',
      'pp512 @ d4096 off baseline', 'pp512 @ d4096 on faster', 'tg128 @ d4096 off baseline', 'tg128 @ d4096 on faster',
    ]);
    expect(BenchComparison.parse(compareBenchRuns([run('grid', ...grid)]))).toBeTruthy();
  });

  it('says when a test has no baseline or too few samples', () => {
    const rows = compareBenchRuns([
      run('a', result({ samples: [100] })),
      run('b', result({ samples: [110, 111] }), result({ test: 'tg128', mean: 10, stddev: 1 })),
    ]).rows;
    expect(rows.map((row) => row.verdict)).toEqual(['baseline', 'too few samples', 'no baseline']);
  });

  it('uses the chosen baseline run and states the method', () => {
    const comparison = compareBenchRuns([run('a', result({ mean: 100, stddev: 1 })), run('b', result({ mean: 90, stddev: 1 }))], { baselineRunId: 'b', alpha: 0.01 });
    expect(comparison.rows.map((row) => row.verdict)).toEqual(['faster', 'baseline']);
    expect(comparison.method).toEqual({ test: "Welch's two-sided t-test", alpha: 0.01, assumedRepetitions: 5 });
  });

  it('rejects a baseline that is not compared, a bad alpha and an empty pick, all at once', () => {
    expect(() => compareBenchRuns([run('a', result({ mean: 1 }))], { baselineRunId: 'zz', alpha: 2 })).toThrowError(
      'baseline "zz" is not one of the compared runs (a)\nalpha must be between 0 and 1, got 2',
    );
    expect(() => compareBenchRuns([])).toThrowError('pick at least one bench run to compare');
  });
});
