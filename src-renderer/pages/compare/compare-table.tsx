import type { RunsComparison } from '../../../src-shared/metrics/run-comparison';
import { formatCount, formatMs, formatNumber, formatPercent, formatRate } from '../../../src-shared/format/numbers';
import { compareRow, metricRows, runLetter, type ComparedRun, type ComparedValue, type Unit } from './compare-metrics';

function formatValue(value: number | null, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'req/s':
    case 'tok/s':
      return formatRate(value, unit);
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
  }
}

function Delta({ compared }: { compared: ComparedValue }) {
  if (compared.verdict === null) return null;
  const text = compared.deltaPct === null ? (compared.verdict === 'same' ? '±0' : compared.verdict) : `${compared.deltaPct > 0 ? '+' : ''}${formatNumber(compared.deltaPct)} %`;
  return <span className={`cmp-delta cmp-delta-${compared.verdict}`}>{text}</span>;
}

interface CompareTableProps {
  runs: readonly ComparedRun[];
  labels: readonly string[];
  /** The core's statistical verdicts (runs.compare); until they arrive, changes are judged by the ±2 % rule. */
  stats?: RunsComparison | undefined;
}

/**
 * Key metrics of every run side by side, each against the baseline (A) with its change coloured
 * by direction, and under it the statistical verdict in words where the core judged the metric.
 */
export function CompareTable({ runs, labels, stats }: CompareTableProps) {
  return (
    <div className="table-card">
      <table className="data-table compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {runs.map((run, index) => (
              <th scope="col" className="num" key={run.record.id}>
                <span className="compare-letter">{runLetter(index)}</span> {labels[index]}
                {index === 0 && <span className="unit"> baseline</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metricRows.map((row) => {
            const values = compareRow(row, runs, stats);
            if (values.every((value) => value.value === null)) return null;
            return (
              <tr key={row.id} data-testid={`compare-row-${row.id}`}>
                <th scope="row">
                  {row.label} {row.better !== 'neutral' && <span className="row-note">{row.better} is better</span>}
                </th>
                {values.map((compared, index) => (
                  <td className="num" key={runs[index]!.record.id}>
                    {formatValue(compared.value, row.unit)} <Delta compared={compared} />
                    {compared.statement && (
                      <div className="cmp-statement" data-testid={`compare-verdict-${row.id}`} data-verdict={compared.verdict ?? 'none'}>
                        {compared.statement}
                      </div>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
