import { describe, expect, it } from 'vitest';
import type { Diagnosis, DiagnosisStep } from '../../../../../src-shared/schemas/diagnosis';
import { overallProgress, stepRows } from '../../../../../src-renderer/pages/diagnose/diagnosis-progress';

const t0 = 1_700_000_000_000;
const step = (name: DiagnosisStep['step'], state: DiagnosisStep['state'], more: Partial<DiagnosisStep> = {}): DiagnosisStep => ({ step: name, state, estimateS: null, ...more });

function diagnosisOf(steps: DiagnosisStep[], status: Diagnosis['status'] = 'running'): Pick<Diagnosis, 'steps' | 'status'> {
  return { steps, status };
}

const midway = diagnosisOf([
  step('goal', 'done', { estimateS: 0, startedAt: t0, finishedAt: t0 }),
  step('preflight', 'done', { estimateS: 10, startedAt: t0, finishedAt: t0 + 12_000, summary: '4 slots, /metrics and /slots on' }),
  step('capacity', 'running', { estimateS: 60, startedAt: t0 + 12_000 }),
  step('findings', 'pending', { estimateS: 1 }),
  step('verify', 'skipped', { summary: 'verify: none' }),
]);

describe('the stepper’s rows', () => {
  it('shows what a done step took, a running one’s elapsed time against its estimate, and a pending one’s estimate', () => {
    const rows = stepRows(midway, t0 + 42_000);
    expect(rows.map((row) => row.timing)).toEqual(['done at once', 'took 12 s', '30 s of about 1 min', 'about 1 s', 'skipped']);
    expect(rows[1]).toMatchObject({ title: 'Preflight', summary: '4 slots, /metrics and /slots on' });
  });

  it('says a pending step without an estimate is estimated after preflight, and when a step failed', () => {
    const rows = stepRows(diagnosisOf([step('baseline', 'pending'), step('capacity', 'failed', { startedAt: t0, finishedAt: t0 + 5_000, error: { code: 'internal', message: 'probe failed' } })]), t0);
    expect(rows.map((row) => row.timing)).toEqual(['estimated after preflight', 'failed after 5 s']);
    expect(rows[1]?.error?.message).toBe('probe failed');
  });
});

describe('the whole diagnosis’s progress', () => {
  it('counts time left as the running step’s remaining estimate plus the pending ones', () => {
    const progress = overallProgress(midway, t0 + 42_000);
    expect(progress.spentS).toBe(42);
    expect(progress.leftS).toBe(31);
    expect(progress.fraction).toBeCloseTo(42 / 73);
    expect(progress.text).toBe('42 s so far, about 31 s left (about 1 min 13 s in all).');
  });

  it('never counts a step running past its estimate as negative time left, and says it is finishing', () => {
    expect(overallProgress(midway, t0 + 200_000).leftS).toBe(1);
    const overrun = diagnosisOf([step('findings', 'running', { estimateS: 1, startedAt: t0 })]);
    expect(overallProgress(overrun, t0 + 30_000)).toMatchObject({ leftS: 0 });
    expect(overallProgress(overrun, t0 + 30_000).text).toMatch(/^30 s so far, finishing/);
  });

  it('cannot tell the time left while a step to run has no estimate yet', () => {
    const progress = overallProgress(diagnosisOf([step('preflight', 'running', { startedAt: t0 }), step('baseline', 'pending')]), t0 + 3_000);
    expect(progress.leftS).toBeNull();
    expect(progress.text).toMatch(/estimated once preflight/);
  });

  it('is whole when done, and says Resume carries on when it stopped', () => {
    expect(overallProgress({ ...midway, status: 'done' }, t0 + 99_000)).toMatchObject({ fraction: 1, leftS: 0 });
    expect(overallProgress({ ...midway, status: 'cancelled' }, t0 + 42_000).text).toBe('Cancelled after 42 s; Resume carries on from the first step not done.');
  });
});
