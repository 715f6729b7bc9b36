import { ApplyStep, type StepRecord } from '../../../src-shared/schemas/config-journal';

export type StepState = StepRecord['state'] | 'pending';

export interface StepRow {
  step: ApplyStep;
  title: string;
  state: StepState;
  detail?: string;
}

const titles: Record<ApplyStep, string> = {
  snapshot: 'Snapshot last-known-good',
  arm: 'Arm the dead-man timer',
  restart: 'Restart the server',
  process: 'Process alive',
  health: '/health answers 200',
  props: '/props shows the new values',
  canary: 'One-token canary',
  confirm: 'Confirm',
  rollback: 'Roll back',
};

/**
 * The readiness steps as rows in ApplyStep order, each with its latest state and detail; the
 * steps an apply never reached stay pending. A roll back re-runs the readiness gate for the old
 * configuration: those events belong to the roll-back row (its detail says where it is), so the
 * failed step of the apply stays visible. The roll-back row appears only once one began. Pure.
 */
export function stepRows(events: readonly StepRecord[]): StepRow[] {
  const rollbackAt = events.findIndex((event) => event.step === 'rollback');
  const applyEvents = rollbackAt < 0 ? events : events.slice(0, rollbackAt);
  const latest = new Map<ApplyStep, StepRecord>();
  for (const event of applyEvents) latest.set(event.step, event);
  const rows: StepRow[] = ApplyStep.options
    .filter((step) => step !== 'rollback')
    .map((step) => row(step, latest.get(step)));
  if (rollbackAt >= 0) rows.push(rollbackRow(events.slice(rollbackAt)));
  return rows;
}

function row(step: ApplyStep, event: StepRecord | undefined, detail = event?.detail): StepRow {
  return { step, title: titles[step], state: event?.state ?? 'pending', ...(detail === undefined ? {} : { detail }) };
}

function rollbackRow(events: readonly StepRecord[]): StepRow {
  const own = events.filter((event) => event.step === 'rollback').at(-1);
  const last = events.at(-1);
  if (own === undefined || own.state !== 'started' || last === undefined || last === own) return row('rollback', own);
  return row('rollback', own, `${titles[last.step]}: ${last.state}${last.detail === undefined ? '' : ` (${last.detail})`}`);
}
