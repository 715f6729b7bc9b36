import type { AppErrorData } from '../../../src-shared/errors';
import { formatDurationS } from '../../../src-shared/format/numbers';
import type { Diagnosis, DiagnosisStep, DiagnosisStepName } from '../../../src-shared/schemas/diagnosis';

export const stepTitles: Record<DiagnosisStepName, string> = {
  goal: 'Target and goal',
  preflight: 'Preflight',
  baseline: 'Baseline',
  capacity: 'Capacity',
  findings: 'Findings',
  recommendations: 'Recommendations',
  verify: 'Verify',
  report: 'Report',
};

/** One row of the stepper, as the page prints it. */
export interface StepRow {
  step: DiagnosisStepName;
  title: string;
  state: DiagnosisStep['state'];
  /** The estimate before it starts, elapsed against it while it runs, what it took after. */
  timing: string;
  summary: string | undefined;
  error: AppErrorData | undefined;
}

function spentS(step: DiagnosisStep, nowMs: number): number | null {
  if (step.startedAt === undefined) return null;
  return Math.max(0, ((step.finishedAt ?? nowMs) - step.startedAt) / 1000);
}

function timingOf(step: DiagnosisStep, nowMs: number): string {
  const spent = spentS(step, nowMs);
  const estimate = step.estimateS === null ? null : `about ${formatDurationS(step.estimateS)}`;
  switch (step.state) {
    case 'pending':
      return estimate ?? 'estimated after preflight';
    case 'running':
      return `${formatDurationS(spent ?? 0)}${estimate === null ? '' : ` of ${estimate}`}`;
    case 'done':
      // A step with nothing to wait for (the goal) ends within a tick: "took 0.0 s" would read as a glitch.
      return spent === null || spent < 0.5 ? 'done at once' : `took ${formatDurationS(spent)}`;
    case 'skipped':
      return 'skipped';
    case 'failed':
    case 'cancelled':
      return spent === null ? step.state : `${step.state} after ${formatDurationS(spent)}`;
  }
}

/** The diagnosis's steps in the wizard's order, each with its timing line at `nowMs`. */
export function stepRows(diagnosis: Pick<Diagnosis, 'steps'>, nowMs: number): StepRow[] {
  return diagnosis.steps.map((step) => ({ step: step.step, title: stepTitles[step.step], state: step.state, timing: timingOf(step, nowMs), summary: step.summary, error: step.error }));
}

/** The whole diagnosis's progress: time spent, time left by the steps' estimates, and the share done. */
export interface OverallProgress {
  fraction: number;
  spentS: number;
  /** Null while a step still to run has no estimate. */
  leftS: number | null;
  text: string;
}

/**
 * Time left is the estimates of the steps not started plus what remains of the running step's
 * (never below zero: a step running over its estimate has "a moment" left, not a negative time).
 */
export function overallProgress(diagnosis: Pick<Diagnosis, 'steps' | 'status'>, nowMs: number): OverallProgress {
  let spent = 0;
  let left: number | null = 0;
  for (const step of diagnosis.steps) {
    spent += spentS(step, nowMs) ?? 0;
    if (step.state === 'pending' || step.state === 'running') {
      const rest = step.estimateS === null ? null : Math.max(0, step.estimateS - (step.state === 'running' ? (spentS(step, nowMs) ?? 0) : 0));
      left = left === null || rest === null ? null : left + rest;
    }
  }
  const isOver = diagnosis.status !== 'running';
  const fraction = isOver && diagnosis.status === 'done' ? 1 : left === null || spent + left === 0 ? 0 : spent / (spent + left);
  return { fraction, spentS: spent, leftS: isOver ? 0 : left, text: progressText(diagnosis.status, spent, left) };
}

function progressText(status: Diagnosis['status'], spent: number, left: number | null): string {
  const took = formatDurationS(spent);
  if (status === 'done') return `Finished in ${took}.`;
  if (status !== 'running') return `${capitalise(status)} after ${took}; Resume carries on from the first step not done.`;
  if (left === null) return `${took} so far; the time left is estimated once preflight has measured the server.`;
  if (left < 1) return `${took} so far, finishing; the steps ran past their estimates.`;
  return `${took} so far, about ${formatDurationS(left)} left (about ${formatDurationS(spent + left)} in all).`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
