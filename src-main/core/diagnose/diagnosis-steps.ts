import { DiagnosisStepName, type Diagnosis, type DiagnosisStep } from '../../../src-shared/schemas/diagnosis';

/** The steps in the order they run (issue #13). */
export const stepOrder: readonly DiagnosisStepName[] = DiagnosisStepName.options;

/** Every step pending, the goal done: a new diagnosis. */
export function initialSteps(now: number): DiagnosisStep[] {
  return stepOrder.map((step) => (step === 'goal' ? { step, state: 'done', estimateS: 0, startedAt: now, finishedAt: now, summary: 'goal set' } : { step, state: 'pending', estimateS: null }));
}

/** The diagnosis with one step's record changed (a new object; the old one is left as it was). */
export function withStep(diagnosis: Diagnosis, step: DiagnosisStepName, patch: Partial<DiagnosisStep>): Diagnosis {
  return { ...diagnosis, steps: diagnosis.steps.map((record) => (record.step === step ? { ...record, ...patch } : record)) };
}

/** The first step still to run: pending, or left running or failed by an interrupted process; null when all are over. */
export function nextStep(diagnosis: Diagnosis): DiagnosisStepName | null {
  return diagnosis.steps.find((record) => record.state === 'pending' || record.state === 'running' || record.state === 'failed' || record.state === 'cancelled')?.step ?? null;
}

/** Sets the estimate of every step not yet started. */
export function withEstimates(diagnosis: Diagnosis, estimates: Readonly<Record<DiagnosisStepName, number>>): Diagnosis {
  return { ...diagnosis, steps: diagnosis.steps.map((record) => (record.state === 'pending' ? { ...record, estimateS: estimates[record.step] } : record)) };
}
