import { describe, expect, it } from 'vitest';
import type { BenchComparison, BenchComparisonRow } from '../../../../../src-shared/schemas/bench-result';
import { applyFilters, filterChoices, isFiltering, noFilters, seriesName } from '../../../../../src-renderer/pages/bench/comparison-filters';

function row(test: string, runId: string, settings: Record<string, string>): BenchComparisonRow {
  return { test, runId, runLabel: runId.toUpperCase(), settings, meanTs: 10, stddevTs: 1, n: 5, isAssumedN: false, baselineRow: null, deltaPct: null, pValue: null, verdict: 'baseline', isBest: false };
}

const comparison: BenchComparison = {
  runs: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
  baselineRunId: 'a',
  dimensions: ['model', 'threads', 'fa'],
  rows: [
    row('pp512', 'a', { model: '8B', threads: '4', fa: 'on' }),
    row('pp512', 'b', { model: '70B', threads: '8', fa: 'off' }),
    row('tg128', 'a', { model: '8B', threads: '8', fa: 'on' }),
  ],
  method: { test: "Welch's two-sided t-test", alpha: 0.05, assumedRepetitions: 5 },
};

describe('comparison filters', () => {
  it('offers the models, tests and differing parameters found in the rows', () => {
    expect(filterChoices(comparison)).toEqual({
      models: ['8B', '70B'],
      tests: ['pp512', 'tg128'],
      params: [
        { name: 'threads', values: ['4', '8'] },
        { name: 'fa', values: ['on', 'off'] },
      ],
    });
  });

  it('keeps the rows that pass every filter at once', () => {
    expect(applyFilters(comparison.rows, noFilters)).toHaveLength(3);
    expect(applyFilters(comparison.rows, { ...noFilters, model: '8B' }).map((r) => r.test)).toEqual(['pp512', 'tg128']);
    expect(applyFilters(comparison.rows, { ...noFilters, tests: ['pp512'], param: 'threads', value: '8' }).map((r) => r.runId)).toEqual(['b']);
    expect(isFiltering({ ...noFilters, param: 'fa' })).toBe(false);
    expect(isFiltering({ ...noFilters, tests: ['tg128'] })).toBe(true);
  });

  it('names a series by its run and the values of the differing parameters', () => {
    expect(seriesName(comparison.rows[1]!, comparison)).toBe('B · model 70B · threads 8 · fa off');
    expect(seriesName(comparison.rows[0]!, { ...comparison, runs: [{ id: 'a', label: 'A' }], dimensions: [] })).toBe('A');
  });
});
