import type { RunsComparison } from '../../../src-shared/metrics/run-comparison';
import { formatCount, formatMs, formatRate } from '../../../src-shared/format/numbers';
import { Badge } from '../../components/ui/badge';
import { routeHref } from '../../lib/router';
import { armLetters, armWords, comparisonRows, type VerifyRunRow } from './verify-view';

const stateTone = { done: 'good', running: 'accent', pending: 'neutral', 'not run': 'neutral' } as const;

/** The A/B's runs in the order they ran (A B A B A B), each with its own figures and a link to it in History. */
export function VerifyRunsTable({ rows }: { rows: readonly VerifyRunRow[] }) {
  return (
    <table className="data-table compact verify-runs" data-testid="verify-runs">
      <caption>Runs, interleaved so that drift falls on both arms alike</caption>
      <thead>
        <tr>
          <th scope="col" className="num">#</th>
          <th scope="col">Arm</th>
          <th scope="col">State</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col" className="num">Failed</th>
          <th scope="col" className="num">Output tok/s</th>
          <th scope="col" className="num">TTFT p95</th>
          <th scope="col">Run</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.slot} className={`verify-arm-${row.arm}`} data-testid="verify-run-row" data-arm={row.arm} data-state={row.state}>
            <td className="num">{row.slot}</td>
            <td>
              <span className={`arm-letter arm-${row.arm}`}>{armLetters[row.arm]}</span> {armWords[row.arm]} {row.ordinal} of 3
            </td>
            <td>
              <Badge tone={stateTone[row.state]}>{row.state}</Badge>
            </td>
            <td className="num">{row.run ? formatCount(row.run.completed) : ''}</td>
            <td className="num">{row.run ? formatCount(row.run.failed) : ''}</td>
            <td className="num">{row.run ? formatRate(row.run.outputTokensPerS, 'tok/s') : ''}</td>
            <td className="num">{row.run ? formatMs(row.run.ttftP95Ms) : ''}</td>
            <td>{row.run ? <a href={routeHref({ page: 'run-detail', runId: row.run.runId })} data-testid="verify-run-link">open in History</a> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const verdictTone = { better: 'good', worse: 'bad', 'within noise': 'neutral', 'too few samples': 'warn' } as const;

/** Each arm's figure (the mean of its runs) per metric, the candidate's change with its interval, and the test's verdict. */
export function VerifyComparisonTable({ comparison }: { comparison: RunsComparison }) {
  const rows = comparisonRows(comparison);
  if (rows.length === 0) return null;
  return (
    <table className="data-table compact verify-comparison" data-testid="verify-comparison">
      <caption>Comparison of the arms, run against run (Welch’s interval on per-run figures)</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            <span className="arm-letter arm-baseline">A</span> baseline
          </th>
          <th scope="col" className="num">
            <span className="arm-letter arm-candidate">B</span> candidate
          </th>
          <th scope="col" className="num">Change (interval)</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.metric} data-testid="verify-metric" data-metric={row.metric} title={row.statement}>
            <th scope="row">
              {row.label} <span className="row-note">{row.better} is better</span>
            </th>
            <td className="num">{row.baseline}</td>
            <td className="num">{row.candidate}</td>
            <td className="num">{row.change}</td>
            <td>
              <Badge tone={verdictTone[row.verdict]}>{row.verdict}</Badge>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
