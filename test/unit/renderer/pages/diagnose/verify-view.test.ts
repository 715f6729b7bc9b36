import { describe, expect, it } from 'vitest';
import { DiagnosisVerify, type VerifyRun } from '../../../../../src-shared/schemas/diagnosis-verify';
import type { MetricVerdict } from '../../../../../src-shared/metrics/run-comparison';
import type { Recommendation } from '../../../../../src-shared/schemas/diagnosis-findings';
import { armFlags, candidateChanges, comparisonRows, intervalStrip, nextRecommendation, serverNow, verifyRunRows } from '../../../../../src-renderer/pages/diagnose/verify-view';

const welch = { kind: 'welch', statistic: 'mean', df: 3.6 } as const;

function metric(id: MetricVerdict['metric'], values: { baseline: number; candidate: number; low: number; high: number; verdict: MetricVerdict['verdict'] }): MetricVerdict {
  const estimatePct = ((values.candidate - values.baseline) / values.baseline) * 100;
  return { metric: id, verdict: values.verdict, method: welch, baselineValue: values.baseline, candidateValue: values.candidate, estimatePct, interval: { lowPct: values.low, highPct: values.high }, n: { baseline: 3, candidate: 3 } };
}

const run = (arm: VerifyRun['arm'], index: number, outputTokensPerS: number): VerifyRun => ({ arm, runId: `run-${index}`, completed: 40, failed: 0, outputTokensPerS, ttftP95Ms: arm === 'baseline' ? 900 : 250 });

/** A -np 1 → -np 4 -kvu A/B as the core saves it, `runs` of its six done. */
function abWith(runs: number, patch: Partial<DiagnosisVerify> = {}): DiagnosisVerify {
  const all = [run('baseline', 1, 420), run('candidate', 2, 790), run('baseline', 3, 410), run('candidate', 4, 805), run('baseline', 5, 415), run('candidate', 6, 780)];
  return DiagnosisVerify.parse({
    recommendationRank: 1,
    title: '-np 4 -kvu',
    users: 4,
    requestsPerRun: 40,
    baselineConfig: { flags: { parallel: 1, ctxSize: 4096, threads: 1 } },
    candidateConfig: { flags: { parallel: 4, ctxSize: 4096, threads: 1, kvUnified: true } },
    applied: [
      { arm: 'candidate', entryId: 'cfg-1', atMs: 1 },
      { arm: 'baseline', entryId: 'cfg-2', atMs: 2 },
    ],
    runs: all.slice(0, runs),
    ...patch,
  });
}

describe('the verify runs as the page lists them', () => {
  it('lays out A B A B A B with each arm’s runs counted, the run in flight and those still to come', () => {
    const rows = verifyRunRows(abWith(3), true);
    expect(rows.map((row) => `${row.arm} ${row.ordinal} ${row.state}`)).toEqual([
      'baseline 1 done',
      'candidate 1 done',
      'baseline 2 done',
      'candidate 2 running',
      'baseline 3 pending',
      'candidate 3 pending',
    ]);
    expect(rows[0]?.run?.runId).toBe('run-1');
  });

  it('says which slots were never run once the A/B stopped short', () => {
    const rows = verifyRunRows(abWith(1, { outcome: 'rolled-back', note: 'the candidate did not start' }), false);
    expect(rows.map((row) => row.state)).toEqual(['done', 'not run', 'not run', 'not run', 'not run', 'not run']);
  });
});

describe('the comparison of the arms', () => {
  const comparison = {
    arms: [{ runIds: ['run-1', 'run-3', 'run-5'] }, { runIds: ['run-2', 'run-4', 'run-6'] }],
    baselineArm: 0,
    confidence: 0.95,
    minEffectPct: 5,
    candidates: [
      {
        arm: 1,
        metrics: [
          metric('ttft-p95', { baseline: 900, candidate: 250, low: -80, high: -60, verdict: 'better' }),
          metric('tps', { baseline: 415, candidate: 791.7, low: 80.4, high: 101.2, verdict: 'better' }),
        ],
      },
    ],
    notices: [],
  };

  it('gives throughput first, each arm’s figure in its unit, and the change with its interval and verdict', () => {
    const [tps, ttft] = comparisonRows(comparison);
    expect(tps).toMatchObject({ metric: 'tps', baseline: '415 tok/s', candidate: '792 tok/s', change: '+91 % (95 % CI +80 … +101 %)', verdict: 'better' });
    expect(tps?.statement).toContain('Welch');
    expect(ttft).toMatchObject({ metric: 'ttft-p95', baseline: '900 ms', candidate: '250 ms', change: '−72 % (95 % CI −80 … −60 %)', better: 'lower' });
  });
});

describe('the verdict’s interval drawn against 0 and the bar', () => {
  it('places 0, the bar, the interval and its estimate in order on one scale inside the strip', () => {
    const strip = intervalStrip({ gainPct: 91, interval: { lowPct: 80, highPct: 101 }, barPct: 5 })!;
    const order = [strip.zero, strip.bar, strip.low, strip.estimate, strip.high];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(Math.min(...order)).toBeGreaterThan(0);
    expect(Math.max(...order)).toBeLessThan(1);
  });

  it('shows an interval that reaches below 0 on the left of the 0 mark', () => {
    const strip = intervalStrip({ gainPct: 2, interval: { lowPct: -6, highPct: 10 }, barPct: 8 })!;
    expect(strip.low).toBeLessThan(strip.zero);
    expect(strip.high).toBeGreaterThan(strip.bar);
  });

  it('draws nothing when no gain could be measured', () => {
    expect(intervalStrip({ gainPct: null, interval: null, barPct: 5 })).toBeNull();
  });
});

describe('what the server runs, and what to try next', () => {
  it('names the flags B changes as a command line, and each arm by its own values', () => {
    const ab = abWith(6);
    expect(candidateChanges(ab)).toEqual(['-np 1 → -np 4', '-kvu (not set before)']);
    expect(armFlags(ab, 'candidate')).toBe('-np 4 -kvu');
    expect(armFlags(ab, 'baseline')).toBe('-np 1');
  });

  it('says the candidate is kept, the baseline is back, or which arm is on while the A/B measures', () => {
    expect(serverNow(abWith(6, { outcome: 'kept' }))).toEqual({ arm: 'candidate', sentence: 'The server runs the candidate now: -np 4 -kvu is kept.' });
    expect(serverNow(abWith(6, { outcome: 'rolled-back' }))).toEqual({ arm: 'baseline', sentence: 'The server runs the baseline again: -np 1, as before the A/B.' });
    expect(serverNow(abWith(3)).arm).toBe('baseline');
  });

  it('offers the recommendation ranked after the one verified, and none after the last', () => {
    const recommendations = [{ rank: 1, title: '-np 4 -kvu' }, { rank: 2, title: '-t 1 -tb 1' }] as Recommendation[];
    expect(nextRecommendation(recommendations, 1)?.title).toBe('-t 1 -tb 1');
    expect(nextRecommendation(recommendations, 2)).toBeUndefined();
  });
});
