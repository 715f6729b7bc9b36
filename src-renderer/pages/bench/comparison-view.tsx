import { useMemo, useState } from 'react';
import type { BenchComparison, BenchComparisonRow } from '../../../src-shared/schemas/bench-result';
import { BenchBarChart } from '../../components/charts/bench-bar-chart';
import { kindOfTest, type BenchTestKind } from '../../components/charts/bench-datasets';
import { ErrorMessage } from '../../components/ui/error-message';
import { useBenchComparison } from '../../queries/bench';
import { applyFilters, isFiltering, noFilters, seriesName, type ComparisonFilters } from './comparison-filters';
import { ComparisonTable } from './comparison-table';
import { ExportButtons } from './export-buttons';
import { FilterBar } from './filter-bar';

const alphas = [0.05, 0.01, 0.1] as const;

const chartTitles: Record<BenchTestKind, string> = {
  pp: 'Prompt processing (pp) — tokens/s, ± 1 sd',
  tg: 'Token generation (tg) — tokens/s, ± 1 sd',
  'pp+tg': 'Prompt + generation (pp+tg) — (prompt + generated tokens) / total time, ± 1 sd',
};

interface ComparisonViewProps {
  runIds: readonly string[];
  baseline: string | undefined;
  onBaseline: (benchRunId: string) => void;
}

/** The picked runs side by side: controls, the method stated, bar charts per kind of test, the table, export. */
export function ComparisonView({ runIds, baseline, onBaseline }: ComparisonViewProps) {
  const [alpha, setAlpha] = useState<number>(0.05);
  const [filters, setFilters] = useState<ComparisonFilters>(noFilters);
  const baselineRunId = baseline !== undefined && runIds.includes(baseline) ? baseline : runIds[0];
  const query = useBenchComparison(runIds, { ...(baselineRunId === undefined ? {} : { baselineRunId }), alpha });
  const comparison = query.data?.comparison;
  const rows = useMemo(() => (comparison ? applyFilters(comparison.rows, filters) : []), [comparison, filters]);
  return (
    <section className="stack" aria-label="Comparison" data-testid="bench-comparison">
      <div className="comparison-controls card">
        <label className="inline-field">
          Baseline
          <select value={baselineRunId} onChange={(e) => onBaseline(e.target.value)} data-testid="bench-baseline">
            {(comparison?.runs ?? []).map((run) => (
              <option key={run.id} value={run.id}>
                {run.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          α
          <select value={alpha} onChange={(e) => setAlpha(Number(e.target.value))} data-testid="bench-alpha">
            {alphas.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        {comparison && <FilterBar comparison={comparison} filters={filters} onChange={setFilters} />}
        {query.data && <ExportButtons markdown={query.data.markdown} isFiltered={isFiltering(filters)} />}
      </div>
      <ErrorMessage error={query.error} testId="bench-compare-error" />
      {comparison && <MethodNote comparison={comparison} />}
      {comparison && <ComparisonCharts comparison={comparison} rows={rows} />}
      {comparison && <ComparisonTable comparison={comparison} rows={rows} />}
    </section>
  );
}

function MethodNote({ comparison }: { comparison: BenchComparison }) {
  const { alpha, assumedRepetitions } = comparison.method;
  const baseline = comparison.runs.find((run) => run.id === comparison.baselineRunId);
  const hasAssumed = comparison.rows.some((row) => row.isAssumedN);
  return (
    <p className="method-note" data-testid="bench-method">
      <strong>How rows are judged:</strong> {comparison.method.test} on per-repetition tok/s at α = {alpha} — p &lt; {alpha} is “faster” or “slower”, otherwise
      “within noise”. Each row is measured against the row of the baseline run <em>{baseline?.label ?? comparison.baselineRunId}</em> with the same test that shares the
      most settings. No correction for multiple comparisons.{hasAssumed && ` n* = the output printed no samples (a markdown table), so ${assumedRepetitions} repetitions are assumed.`}
    </p>
  );
}

function ComparisonCharts({ comparison, rows }: { comparison: BenchComparison; rows: readonly BenchComparisonRow[] }) {
  const groups = (['pp', 'tg', 'pp+tg'] as const).map((kind) => ({ kind, rows: rows.filter((row) => kindOfTest(row.test) === kind) })).filter((group) => group.rows.length > 0);
  if (groups.length === 0) return <p className="muted">No row passes the filters.</p>;
  return (
    <div className="chart-grid">
      {groups.map(({ kind, rows: kindRows }) => (
        <BenchBarChart
          key={kind}
          title={chartTitles[kind]}
          testId={`bench-chart-${kind.replace('+', '-')}`}
          bars={kindRows.map((row) => ({ test: row.test, series: seriesName(row, comparison), meanTs: row.meanTs, stddevTs: row.stddevTs, isBest: row.isBest }))}
        />
      ))}
    </div>
  );
}
