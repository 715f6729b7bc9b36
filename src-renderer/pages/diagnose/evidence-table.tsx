import type { Evidence } from '../../../src-shared/schemas/finding';
import { Badge } from '../../components/ui/badge';
import { routeHref } from '../../lib/router';
import { evidenceRows, type EvidenceRow } from './evidence-view';

/** The figures a finding or a recommendation rests on, each with the line it crossed and where to check it. */
export function EvidenceTable({ evidence }: { evidence: readonly Evidence[] }) {
  const rows = evidenceRows(evidence);
  if (rows.length === 0) return null;
  return (
    <table className="data-table compact evidence-table" data-testid="evidence-table">
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" className="num">Value</th>
          <th scope="col" className="num">Threshold</th>
          <th scope="col" aria-label="Value against threshold" />
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={`${row.figure}-${index}`} data-testid="evidence-row" data-figure={row.figure}>
            <td>
              <code>{row.figure}</code>
            </td>
            <td className="num">{row.value}</td>
            <td className="num">
              {row.threshold ?? <span className="muted">—</span>}
              {row.isRuleOfThumb && (
                <Badge title="A rule of thumb (diagnosis-rules.md RoT): judgement you may change, not a measured limit" testId="rule-of-thumb">
                  rule of thumb
                </Badge>
              )}
            </td>
            <td className="gauge-cell">{row.gauge && <Gauge gauge={row.gauge} />}</td>
            <td className="small">
              <Source row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The value as a bar and the threshold as a tick on one scale: how far past the line it is, at a glance. */
function Gauge({ gauge }: { gauge: NonNullable<EvidenceRow['gauge']> }) {
  return (
    <span className="gauge" aria-hidden="true">
      <span className="gauge-value" style={{ width: `${gauge.value * 100}%` }} />
      <span className="gauge-threshold" style={{ left: `${gauge.threshold * 100}%` }} />
    </span>
  );
}

function Source({ row }: { row: EvidenceRow }) {
  if (row.runId === undefined) return <span className="muted">{row.source}</span>;
  return <a href={routeHref({ page: 'run-detail', runId: row.runId })}>{row.source}</a>;
}
