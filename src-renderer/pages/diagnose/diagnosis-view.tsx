import type { Diagnosis } from '../../../src-shared/schemas/diagnosis';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { useCancelDiagnosis, useDiagnosis, useDiagnosisLive, useResumeDiagnosis } from '../../queries/diagnose';
import { CapacitySection } from './capacity-section';
import { DiagnosisStepper } from './diagnosis-stepper';
import { FindingsSection } from './findings-section';
import { PreflightCard } from './preflight-card';
import { ProbeLive } from './probe-live';
import { RecommendationsSection } from './recommendations-section';
import { VerifySection } from './verify-section';

const probingSteps = new Set(['baseline', 'capacity', 'verify']);

const statusTone = { running: 'accent', done: 'good', failed: 'bad', cancelled: 'neutral', interrupted: 'warn' } as const;

/** One diagnosis, live or finished: the stepper, the probe in flight, then what each step found. */
export function DiagnosisView({ diagnosisId }: { diagnosisId: string }) {
  const query = useDiagnosis(diagnosisId);
  const live = useDiagnosisLive(diagnosisId);
  const diagnosis = query.data;
  if (query.isPending) return <p className="muted">Loading the diagnosis…</p>;
  if (diagnosis === undefined) return <ErrorMessage error={query.error} testId="diagnosis-load-error" />;
  // Only a step that loads the server has a probe in flight; the last one heard stays in the cache after it.
  const probingStep = diagnosis.status === 'running' ? diagnosis.steps.find((step) => step.state === 'running' && probingSteps.has(step.step)) : undefined;
  return (
    <div className="diagnosis-view" data-testid="diagnosis-view" data-status={diagnosis.status} data-diagnosis-id={diagnosis.id}>
      <DiagnosisHeader diagnosis={diagnosis} />
      <DiagnosisStepper diagnosis={diagnosis} />
      {probingStep && live?.runId && <ProbeLive key={live.runId} runId={live.runId} purpose={live.probe} />}
      <PreflightCard preflight={diagnosis.preflight} baseline={diagnosis.baseline} />
      {diagnosis.capacity && <CapacitySection capacity={diagnosis.capacity} />}
      {diagnosis.conclusion && <FindingsSection conclusion={diagnosis.conclusion} />}
      {diagnosis.conclusion && <RecommendationsSection conclusion={diagnosis.conclusion} endpointId={diagnosis.endpointId} />}
      {diagnosis.verify && (
        <VerifySection
          verify={diagnosis.verify}
          step={diagnosis.steps.find((step) => step.step === 'verify')}
          recommendations={diagnosis.conclusion?.recommendations ?? []}
          endpointId={diagnosis.endpointId}
        />
      )}
    </div>
  );
}

function DiagnosisHeader({ diagnosis }: { diagnosis: Diagnosis }) {
  const cancel = useCancelDiagnosis();
  const resume = useResumeDiagnosis();
  const ref = { diagnosisId: diagnosis.id };
  const canResume = diagnosis.status === 'failed' || diagnosis.status === 'cancelled' || diagnosis.status === 'interrupted';
  return (
    <header className="diagnosis-header">
      <div className="diagnosis-title">
        <h2>
          Diagnosis <code>{diagnosis.id}</code>
        </h2>
        <Badge tone={statusTone[diagnosis.status]} testId="diagnosis-status">
          {diagnosis.status}
        </Badge>
        <div className="row-actions">
          {diagnosis.status === 'running' && (
            <button type="button" className="button button-danger" onClick={() => cancel.mutate(ref)} disabled={cancel.isPending} data-testid="diagnose-cancel">
              {cancel.isPending ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {canResume && (
            <button type="button" className="button button-primary" onClick={() => resume.mutate(ref)} disabled={resume.isPending} data-testid="diagnose-resume">
              {resume.isPending ? 'Resuming…' : 'Resume'}
            </button>
          )}
        </div>
      </div>
      <p className="muted small">
        <code>{diagnosis.url}</code> · goal <code>{diagnosis.goal.slo}</code> · up to {diagnosis.goal.maxUsers} users · {diagnosis.goal.fidelity} fidelity · verify {diagnosis.goal.verify} · started{' '}
        {formatTimestamp(diagnosis.createdAt)}
      </p>
      <ErrorMessage error={cancel.error} testId="diagnose-cancel-error" />
      <ErrorMessage error={resume.error} testId="diagnose-resume-error" />
    </header>
  );
}
