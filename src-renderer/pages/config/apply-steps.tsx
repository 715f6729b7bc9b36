import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import type { LiveApply } from '../../queries/config-live';
import { stepRows, type StepState } from './apply-progress';

const stateMark: Record<StepState, string> = { pending: '○', started: '◌', passed: '✓', failed: '✕' };

/** The readiness steps of the apply in progress (or the last one), then how it ended. */
export function ApplySteps({ live, journal, error }: { live: LiveApply; journal: readonly JournalEntry[]; error: unknown }) {
  if (live.events.length === 0) return <ErrorMessage error={error} testId="apply-error" />;
  const entry = live.finished?.entryId === undefined ? undefined : journal.find((candidate) => candidate.id === live.finished?.entryId);
  return (
    <div className="apply-steps" data-testid="apply-steps" data-result={live.finished?.result ?? 'running'}>
      <ol className="step-list">
        {stepRows(live.events).map((row) => (
          <li key={row.step} className={`step step-${row.state}`} data-testid={`step-${row.step}`} data-state={row.state}>
            <span className="step-mark" aria-hidden="true">
              {stateMark[row.state]}
            </span>
            <span className="step-title">
              {row.title} <span className="visually-hidden">{row.state}</span>
            </span>
            {row.detail && <span className="step-detail small muted">{row.detail}</span>}
          </li>
        ))}
      </ol>
      {live.finished && <ApplyOutcome result={live.finished.result} entry={entry} />}
      <ErrorMessage error={error} testId="apply-error" />
    </div>
  );
}

const outcome: Record<JournalEntry['result'], { tone: 'good' | 'warn' | 'bad' | 'neutral'; text: string }> = {
  applied: { tone: 'good', text: 'Applied: the server runs the new configuration.' },
  rolled_back: { tone: 'warn', text: 'Rolled back: the new configuration failed, the previous one answers again.' },
  rollback_failed: { tone: 'bad', text: 'The roll back failed too: the dead-man timer on the host restores the previous configuration.' },
  cancelled: { tone: 'neutral', text: 'Cancelled: the server runs the configuration it had.' },
  applying: { tone: 'neutral', text: 'Still applying.' },
};

function ApplyOutcome({ result, entry }: { result: JournalEntry['result']; entry: JournalEntry | undefined }) {
  return (
    <div className="apply-outcome" data-testid="apply-outcome" data-result={result}>
      <p>
        <Badge tone={outcome[result].tone}>{result.replace('_', ' ')}</Badge> {outcome[result].text}
      </p>
      {entry?.clamped.map((clamp) => (
        <p key={clamp.key} className="small field-warning">
          {clamp.key}: asked {JSON.stringify(clamp.asked)}, the server runs {JSON.stringify(clamp.effective)} (llama-server adjusted it).
        </p>
      ))}
      {entry?.failure && <FailureDetails failure={entry.failure} logExcerpt={entry.logExcerpt} />}
    </div>
  );
}

function FailureDetails({ failure, logExcerpt }: { failure: NonNullable<JournalEntry['failure']>; logExcerpt: readonly string[] }) {
  return (
    <div className="failure-details" data-testid="apply-failure">
      <p className="small">
        Failed at <strong>{failure.step}</strong>: {failure.reason}
      </p>
      {failure.explanations.map((explanation) => (
        <div key={explanation.line} className="explanation small">
          <code>{explanation.line}</code>
          <p>{explanation.explanation}</p>
        </div>
      ))}
      {logExcerpt.length > 0 && (
        <details className="small" open={failure.explanations.length === 0}>
          <summary>The server’s last log lines</summary>
          <pre className="argv-block" data-testid="apply-log">{logExcerpt.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
