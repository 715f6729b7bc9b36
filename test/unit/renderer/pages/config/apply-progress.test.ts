import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../../../../src-shared/schemas/config-journal';
import { stepRows } from '../../../../../src-renderer/pages/config/apply-progress';
import { addStepEvent, finishApply, idleApply, isApplying } from '../../../../../src-renderer/queries/config-live';

const at = (step: StepRecord['step'], state: StepRecord['state'], detail?: string): StepRecord => ({ step, state, atMs: 1_000, ...(detail === undefined ? {} : { detail }) });

describe('the readiness steps of an apply', () => {
  it('lists every step in order, the ones not reached yet pending, without a roll-back row', () => {
    const rows = stepRows([at('snapshot', 'started'), at('snapshot', 'passed'), at('arm', 'started')]);
    expect(rows.map((row) => `${row.step}:${row.state}`)).toEqual(['snapshot:passed', 'arm:started', 'restart:pending', 'process:pending', 'health:pending', 'props:pending', 'canary:pending', 'confirm:pending']);
  });

  it('keeps the failed step of the apply when the roll back re-runs the readiness gate', () => {
    const events = [at('restart', 'passed'), at('health', 'failed', 'no 200 within 5 s'), at('rollback', 'started'), at('process', 'passed'), at('health', 'passed', '/health 200')];
    const rows = stepRows(events);
    expect(rows.find((row) => row.step === 'health')).toMatchObject({ state: 'failed', detail: 'no 200 within 5 s' });
    expect(rows.at(-1)).toEqual({ step: 'rollback', title: 'Roll back', state: 'started', detail: '/health answers 200: passed (/health 200)' });
    expect(stepRows([...events, at('rollback', 'passed', 'Rolled back')]).at(-1)).toMatchObject({ state: 'passed', detail: 'Rolled back' });
  });

  it('starts over when the next apply’s snapshot begins, and is applying only between start and finish', () => {
    let live = addStepEvent(idleApply, at('snapshot', 'started'));
    expect(isApplying(live)).toBe(true);
    live = finishApply(addStepEvent(live, at('confirm', 'passed')), { result: 'applied', entryId: 'e1' });
    expect(isApplying(live)).toBe(false);
    live = addStepEvent(live, at('snapshot', 'started'));
    expect(live).toEqual({ events: [at('snapshot', 'started')] });
  });
});
