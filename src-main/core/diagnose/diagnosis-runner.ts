import { AppError, toAppError } from '../../../src-shared/errors';
import type { Diagnosis, DiagnosisStepName } from '../../../src-shared/schemas/diagnosis';
import type { DiagnosisContext, ProbeStarted, StepOutcome } from './diagnosis-context';
import { nextStep, withStep } from './diagnosis-steps';
import { baselineStep } from './steps/baseline-step';
import { capacityStep } from './steps/capacity-step';
import { findingsStep, recommendationsSummary } from './steps/findings-step';
import { preflightStep } from './steps/preflight-step';
import { verifyStep } from './steps/verify-step';

/** A step that did not run, and why, as its summary says. */
type StepRun = StepOutcome & { isSkipped?: boolean };

async function runStep(step: DiagnosisStepName, diagnosis: Diagnosis, io: { context: DiagnosisContext; onProbe: ProbeStarted | undefined }): Promise<StepRun> {
  const { context, onProbe } = io;
  switch (step) {
    case 'goal':
      return { diagnosis, summary: 'goal set' };
    case 'preflight':
      return preflightStep(diagnosis, context);
    case 'baseline':
      return baselineStep(diagnosis, context, onProbe);
    case 'capacity':
      return capacityStep(diagnosis, context, onProbe);
    case 'findings':
      return findingsStep(diagnosis, context);
    case 'recommendations':
      return { diagnosis, summary: recommendationsSummary(diagnosis) };
    case 'verify':
      return verifyStep(diagnosis, context, onProbe);
    case 'report':
      return { diagnosis, isSkipped: true, summary: 'the markdown tuning report is not built yet' };
  }
}

/**
 * Carries a diagnosis out from its first step not done to its end (issue #13): each step marked
 * running, then done with its summary line, the diagnosis saved after every change (the capacity
 * step also after every probe). A failure or a cancel stops it there, saved, to be resumed.
 */
export async function runDiagnosis(start: Diagnosis, context: DiagnosisContext, onProbe?: ProbeStarted): Promise<Diagnosis> {
  let latest: Diagnosis = { ...start, status: 'running' };
  // `latest` is what was saved last: a step whose result the store refuses (a schema error) fails
  // the step, and the failure is saved over the last good diagnosis, never over the refused one.
  const save = async (diagnosis: Diagnosis): Promise<void> => {
    const next = { ...diagnosis, updatedAt: context.now() };
    await context.save(next);
    latest = next;
  };
  const tracked: DiagnosisContext = { ...context, save };
  await save(latest);
  for (let step = nextStep(latest); step !== null; step = nextStep(latest)) {
    const { error: _cleared, finishedAt: _unset, ...record } = latest.steps.find((candidate) => candidate.step === step)!;
    latest = { ...latest, steps: latest.steps.map((candidate) => (candidate.step === step ? { ...record, state: 'running', startedAt: context.now() } : candidate)) };
    await save(latest);
    try {
      const outcome = await runStep(step, latest, { context: tracked, onProbe });
      await save(withStep(outcome.diagnosis, step, { state: outcome.isSkipped === true ? 'skipped' : 'done', finishedAt: context.now(), summary: outcome.summary }));
    } catch (error) {
      const failure = toAppError(error);
      const isCancel = context.signal.aborted || failure.code === 'cancelled';
      await save({ ...withStep(latest, step, { state: isCancel ? 'cancelled' : 'failed', finishedAt: context.now(), error: failure.toWire() }), status: isCancel ? 'cancelled' : 'failed' });
      return latest;
    }
    if (context.signal.aborted) {
      await save({ ...latest, status: 'cancelled' });
      return latest;
    }
  }
  await save({ ...latest, status: 'done' });
  return latest;
}

/** Throws `conflict` unless the diagnosis can be carried on (not running, not done). */
export function assertResumable(diagnosis: Diagnosis): void {
  if (diagnosis.status === 'running') throw new AppError('conflict', `Diagnosis ${diagnosis.id} is running already.`);
  if (diagnosis.status === 'done') throw new AppError('conflict', `Diagnosis ${diagnosis.id} has finished; start a new one to measure again.`);
}
