import type { Diagnosis } from '../../../src-shared/schemas/diagnosis';
import { ErrorMessage } from '../../components/ui/error-message';
import { ProgressBar } from '../../components/ui/progress-bar';
import { overallProgress, stepRows, type StepRow } from './diagnosis-progress';
import { useNow } from './use-now';

const stateMarks: Record<StepRow['state'], string> = { pending: '○', running: '◐', done: '✓', failed: '✕', skipped: '–', cancelled: '■' };

/**
 * The eight steps with each one's estimate, elapsed time or summary, and the whole diagnosis's
 * progress. The clock ticks here, not in the view: a tick redraws the stepper alone, never the
 * charts and tables below it (the page shares the CPU with the probes it watches).
 */
export function DiagnosisStepper({ diagnosis }: { diagnosis: Diagnosis }) {
  const nowMs = useNow(diagnosis.status === 'running');
  const rows = stepRows(diagnosis, nowMs);
  const overall = overallProgress(diagnosis, nowMs);
  return (
    <section className="card diagnose-stepper" aria-label="Steps" data-testid="diagnose-stepper">
      <div className="diagnose-overall">
        <ProgressBar fraction={overall.fraction} label="Diagnosis progress" />
        <p className="small muted" data-testid="diagnose-time">
          {overall.text}
        </p>
      </div>
      <ol className="stepper">
        {rows.map((row) => (
          <li key={row.step} className={`stepper-step stepper-${row.state}`} data-testid={`step-${row.step}`} data-state={row.state}>
            <span className="stepper-mark" aria-hidden="true">
              {stateMarks[row.state]}
            </span>
            <div className="stepper-body">
              <div className="stepper-head">
                <strong>{row.title}</strong>
                <span className="small muted" data-testid="step-timing">
                  {row.timing}
                </span>
              </div>
              {row.summary && (
                <p className="small stepper-summary" data-testid="step-summary">
                  {row.summary}
                </p>
              )}
              {row.error && <ErrorMessage error={row.error} testId={`step-${row.step}-error`} />}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
