import { formatTimestamp } from '../../../src-shared/format/numbers';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { isApplying } from '../../queries/config-live';
import { type EndpointRef, useConfigJournal, useLiveApply, useRollbackConfig } from '../../queries/config';
import { changeSummary } from './argv-diff';

const resultTone = { applied: 'good', rolled_back: 'warn', rollback_failed: 'bad', cancelled: 'neutral', applying: 'accent' } as const;

/** Every apply of this endpoint, newest first, each one click from being re-applied or undone. */
export function JournalTable({ target }: { target: EndpointRef }) {
  const journal = useConfigJournal(target);
  const rollback = useRollbackConfig(target);
  const isBusy = isApplying(useLiveApply(target.endpointId)) || rollback.isPending;
  const entries = journal.data ?? [];
  const run = (entry: JournalEntry, undo: boolean) => rollback.mutate({ workspaceId: target.workspaceId, entryId: entry.id, undo });
  return (
    <section className="card table-card journal" aria-labelledby="journal-title" data-testid="config-journal">
      <h2 className="card-title" id="journal-title">
        Journal <span className="muted small">· every apply with its evidence; “roll back to this” re-applies, through the same safe apply, what the server ran after it</span>
      </h2>
      <ErrorMessage error={journal.error} testId="journal-error" />
      <ErrorMessage error={rollback.error} testId="rollback-error" />
      {journal.data && entries.length === 0 && <p className="muted small">No change applied to this endpoint yet. Each apply and roll back is recorded here.</p>}
      {entries.length > 0 && (
        <table className="data-table journal-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Result</th>
              <th scope="col">Evidence</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <JournalRow key={entry.id} entry={entry} isBusy={isBusy} onRun={(undo) => run(entry, undo)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function JournalRow({ entry, isBusy, onRun }: { entry: JournalEntry; isBusy: boolean; onRun: (undo: boolean) => void }) {
  return (
    <tr data-testid="journal-row" data-entry-id={entry.id} data-result={entry.result}>
      <td className="nowrap">{formatTimestamp(entry.startedAt)}</td>
      <td>
        <code className="journal-change">{changeSummary(entry.before, entry.after)}</code>
        {entry.reappliedFrom && <span className="small muted"> · re-applied an earlier entry</span>}
      </td>
      <td>
        <Badge tone={resultTone[entry.result]}>{entry.result.replace('_', ' ')}</Badge>
      </td>
      <td className="small">{evidence(entry)}</td>
      <td className="small muted">{entry.by}</td>
      <td className="row-actions">
        <button type="button" className="button button-small" disabled={isBusy || entry.result === 'applying'} onClick={() => onRun(false)} data-testid="journal-rollback-to">
          Roll back to this
        </button>
        {entry.result === 'applied' && (
          <button type="button" className="button button-small button-quiet" disabled={isBusy} onClick={() => onRun(true)} data-testid="journal-undo">
            Undo
          </button>
        )}
      </td>
    </tr>
  );
}

function evidence(entry: JournalEntry): string {
  if (entry.failure) return `failed at ${entry.failure.step}: ${entry.failure.reason}`;
  const passed = entry.steps.filter((step) => step.state === 'passed').length;
  const health = entry.steps.find((step) => step.step === 'health' && step.state === 'passed')?.detail;
  return `${passed} steps passed${health ? ` · ${health}` : ''}`;
}
