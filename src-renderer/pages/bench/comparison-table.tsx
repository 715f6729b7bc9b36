import type { BenchComparison, BenchComparisonRow, BenchVerdict } from '../../../src-shared/schemas/bench-result';
import { Badge } from '../../components/ui/badge';
import { formatNumber } from '../../../src-shared/format/numbers';

const verdictTone: Record<BenchVerdict, 'good' | 'bad' | 'neutral' | 'accent' | 'warn'> = {
  baseline: 'accent',
  faster: 'good',
  slower: 'bad',
  'within noise': 'neutral',
  'too few samples': 'warn',
  'no baseline': 'neutral',
};

/**
 * The comparison as a table: one row per run × setting × test, mean ± stddev tok/s, repetitions,
 * Δ % and p against the row's baseline, and the verdict. The best of each test carries a star.
 */
export function ComparisonTable({ comparison, rows }: { comparison: BenchComparison; rows: readonly BenchComparisonRow[] }) {
  const showRun = comparison.runs.length > 1;
  return (
    <div className="card table-card">
      <table className="data-table comparison-table" data-testid="bench-comparison-table">
        <thead>
          <tr>
            <th scope="col">Test</th>
            {showRun && <th scope="col">Run</th>}
            {comparison.dimensions.map((name) => (
              <th scope="col" key={name}>
                {name}
              </th>
            ))}
            <th scope="col" className="num">t/s <span className="unit">mean ± sd</span></th>
            <th scope="col" className="num" title="Repetitions behind the mean; * = assumed (the output printed no samples)">n</th>
            <th scope="col" className="num">Δ vs baseline</th>
            <th scope="col" className="num" title="Welch's two-sided t-test">p</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <Row key={`${row.runId}|${row.test}|${JSON.stringify(row.settings)}`} row={row} comparison={comparison} showRun={showRun} startsGroup={index > 0 && rows[index - 1]!.test !== row.test} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  row: BenchComparisonRow;
  comparison: BenchComparison;
  showRun: boolean;
  /** First row of a new test: a heavier rule above it, so each test reads as a block. */
  startsGroup: boolean;
}

function Row({ row, comparison, showRun, startsGroup }: RowProps) {
  const className = [row.isBest ? 'is-best' : '', startsGroup ? 'group-start' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <tr data-testid="comparison-row" data-verdict={row.verdict} data-best={row.isBest ? 'true' : undefined} className={className}>
      <th scope="row">{row.test}</th>
      {showRun && <td>{row.runLabel}</td>}
      {comparison.dimensions.map((name) => (
        <td key={name} className="setting-cell" title={row.settings[name]}>
          {row.settings[name] ?? '?'}
        </td>
      ))}
      <td className="num nowrap">
        {row.isBest && (
          <span className="best-mark" title="Best of this test" aria-label="best of this test">
            ★
          </span>
        )}
        <strong>{formatNumber(row.meanTs)}</strong> <span className="unit">± {formatNumber(row.stddevTs)}</span>
      </td>
      <td className="num">{`${row.n}${row.isAssumedN ? '*' : ''}`}</td>
      <td className={`num ${deltaClass(row)}`}>{formatDelta(row.deltaPct)}</td>
      <td className="num">{row.pValue === null ? '—' : row.pValue < 0.001 ? '<0.001' : row.pValue.toFixed(3)}</td>
      <td>
        <Badge tone={verdictTone[row.verdict]}>{row.verdict}</Badge>
      </td>
    </tr>
  );
}

function deltaClass(row: BenchComparisonRow): string {
  if (row.verdict === 'faster') return 'text-good';
  if (row.verdict === 'slower') return 'text-bad';
  return '';
}

function formatDelta(deltaPct: number | null): string {
  if (deltaPct === null) return '—';
  if (Math.abs(deltaPct) < 0.05) return '0.0 %';
  return `${deltaPct > 0 ? '+' : '−'}${Math.abs(deltaPct).toFixed(1)} %`;
}
