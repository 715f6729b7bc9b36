import { Badge } from '../../components/ui/badge';
import { routeHref } from '../../lib/router';
import type { ProbeRow } from './capacity-plot';

const verdictTone = { pass: 'good', fail: 'bad', unresolved: 'warn', invalid: 'neutral' } as const;

/** Every probe of the search in the order it ran: its load, stage, verdict, size and each SLO's attainment. */
export function ProbeTable({ rows }: { rows: readonly ProbeRow[] }) {
  return (
    <table className="data-table compact probe-table" data-testid="probe-table">
      <caption>Probes ({rows.length}) — an unresolved probe’s interval straddles its target: it never counts as a pass</caption>
      <thead>
        <tr>
          <th scope="col" className="num">#</th>
          <th scope="col" className="num">Users</th>
          <th scope="col">Stage</th>
          <th scope="col">Verdict</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col">Attainment (interval) per SLO</th>
          <th scope="col">Run</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.index} data-testid="probe-row" data-verdict={row.verdict} data-users={row.users}>
            <td className="num">{row.index}</td>
            <td className="num">{row.users}</td>
            <td>{row.stage}</td>
            <td>
              <Badge tone={verdictTone[row.verdict]} title={row.reasons.join('\n') || undefined}>
                {row.verdict}
              </Badge>
            </td>
            <td className="num">{row.requests}</td>
            <td>
              <ul className="attainments">
                {row.attainments.map((slo) => (
                  <li key={slo.source} className={`attainment attainment-${slo.state}`}>
                    <code>{slo.source}</code> {slo.text}
                  </li>
                ))}
              </ul>
            </td>
            <td>{row.runId ? <a href={routeHref({ page: 'run-detail', runId: row.runId })}>open in History</a> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
