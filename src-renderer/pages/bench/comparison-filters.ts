import type { BenchComparison, BenchComparisonRow } from '../../../src-shared/schemas/bench-result';

/** What the comparison view shows: one model, some tests, one value of one parameter; empty = all. */
export interface ComparisonFilters {
  model: string;
  tests: string[];
  param: string;
  value: string;
}

export const noFilters: ComparisonFilters = { model: '', tests: [], param: '', value: '' };

export interface FilterChoices {
  models: string[];
  tests: string[];
  params: Array<{ name: string; values: string[] }>;
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)];

/** The values each filter can take, read from the rows (only dimensions that differ appear). Pure. */
export function filterChoices(comparison: BenchComparison): FilterChoices {
  const { rows } = comparison;
  const valuesOf = (name: string) => distinct(rows.map((row) => row.settings[name] ?? '?'));
  return {
    models: comparison.dimensions.includes('model') ? valuesOf('model') : [],
    tests: distinct(rows.map((row) => row.test)),
    params: comparison.dimensions.filter((name) => name !== 'model').map((name) => ({ name, values: valuesOf(name) })),
  };
}

/** The rows that pass every filter. Pure. */
export function applyFilters(rows: readonly BenchComparisonRow[], filters: ComparisonFilters): BenchComparisonRow[] {
  return rows.filter(
    (row) =>
      (filters.model === '' || row.settings.model === filters.model) &&
      (filters.tests.length === 0 || filters.tests.includes(row.test)) &&
      (filters.param === '' || filters.value === '' || row.settings[filters.param] === filters.value),
  );
}

/** True when any filter hides rows. */
export function isFiltering(filters: ComparisonFilters): boolean {
  return filters.model !== '' || filters.tests.length > 0 || (filters.param !== '' && filters.value !== '');
}

/**
 * What one bar or legend entry stands for: the run (when several are compared) and the values
 * of the differing parameters, e.g. "CUDA build · threads 8 · fa on". The model is left out
 * when it only repeats the run's name.
 */
export function seriesName(row: BenchComparisonRow, comparison: BenchComparison): string {
  const parts = comparison.runs.length > 1 ? [row.runLabel] : [];
  for (const name of comparison.dimensions) parts.push(`${name} ${row.settings[name] ?? '?'}`);
  return parts.length > 0 ? parts.join(' · ') : row.runLabel;
}
