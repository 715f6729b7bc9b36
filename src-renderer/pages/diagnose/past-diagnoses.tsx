import type { DiagnosisRow } from '../../../src-shared/contract/diagnose.contract';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { routeHref } from '../../lib/router';
import { useDiagnoses } from '../../queries/diagnose';
import { stepTitles } from './diagnosis-progress';

const statusTone = { running: 'accent', done: 'good', failed: 'bad', cancelled: 'neutral', interrupted: 'warn' } as const;

/** Earlier diagnoses, newest first: open one, or resume one that stopped. */
export function PastDiagnoses({ openId }: { openId: string | undefined }) {
  const list = useDiagnoses();
  return (
    <section className="card diagnose-section" aria-labelledby="past-title" data-testid="past-diagnoses">
      <h2 className="card-title" id="past-title">
        Past diagnoses
      </h2>
      <ErrorMessage error={list.error} testId="past-error" />
      {list.data?.length === 0 && (
        <p className="muted small" data-testid="past-empty">
          None yet. Pick an endpoint and a goal above and press <kbd>Start diagnosis</kbd>; each diagnosis is kept here to open or resume later.
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <table className="data-table compact" data-testid="past-table">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Goal</th>
              <th scope="col">Status</th>
              <th scope="col">Capacity and verdict</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((row) => (
              <PastRow key={row.id} row={row} isOpen={row.id === openId} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PastRow({ row, isOpen }: { row: DiagnosisRow; isOpen: boolean }) {
  const where = row.step && row.status !== 'done' ? ` at ${stepTitles[row.step].toLowerCase()}` : '';
  return (
    <tr data-testid="past-row" data-status={row.status} aria-current={isOpen ? 'true' : undefined}>
      <td>
        <a href={routeHref({ page: 'diagnose', endpointId: row.endpointId, diagnosisId: row.id })} data-testid="past-open">
          {formatTimestamp(row.createdAt)}
        </a>
      </td>
      <td className="small">
        {row.sloTitle} <code className="muted">{row.url}</code>
      </td>
      <td>
        <Badge tone={statusTone[row.status]}>{row.status + where}</Badge>
      </td>
      <td className="small">{[row.capacity, row.verdict].filter(Boolean).join(' ') || <span className="muted">—</span>}</td>
    </tr>
  );
}
