import { describe, expect, it } from 'vitest';
import { compareLoadRuns, type RunSamples } from '../../../../src-main/core/runs/compare/compare-load-runs';
import { coefficientOfVariationPct, judgeVerify, type VerifyEvidence } from '../../../../src-main/core/diagnose/verify-verdict';
import type { MetricVerdict, RunMetricId } from '../../../../src-shared/metrics/run-comparison';
import { parseThresholds } from '../../../../src-shared/metrics/thresholds';

/**
 * One run as the demo records it at 4 users: per-second output tok/s around `tokensPerS`, and
 * TTFT around `ttftMs` (the queue for a slot shows in TTFT). `wobble` spreads the seconds.
 */
function run(runId: string, figures: { tokensPerS: number; ttftMs: number; wobble?: number }): RunSamples {
  const wobble = figures.wobble ?? 0.05;
  const ttftMs = Array.from({ length: 30 }, (_, i) => figures.ttftMs * (1 + wobble * (((i * 7) % 11) / 10 - 0.5)));
  return {
    runId,
    requests: { ttftMs, tpotMs: ttftMs.map(() => 8), e2eMs: ttftMs.map((ttft) => ttft + 120) },
    seconds: {
      requestsPerS: [3, 4, 3, 4, 3],
      outputTokensPerS: [1 - wobble, 1 + wobble, 1, 1 - wobble / 2, 1 + wobble / 2].map((factor) => figures.tokensPerS * factor),
    },
  };
}

const slo = (text: string) => parseThresholds(text).thresholds;
const meanOf = (samples: RunSamples) => samples.seconds.outputTokensPerS.reduce((sum, value) => sum + value, 0) / samples.seconds.outputTokensPerS.length;

/** The evidence of three baseline and three candidate runs, compared the way the verify step compares them. */
function evidenceOf(arms: { baseline: RunSamples[]; candidate: RunSamples[] }, extra: Partial<VerifyEvidence> = {}): VerifyEvidence {
  return {
    comparison: compareLoadRuns([arms.baseline, arms.candidate], { baselineArm: 0 }),
    perRunTokensPerS: { baseline: arms.baseline.map(meanOf), candidate: arms.candidate.map(meanOf) },
    errorRates: { baseline: 0, candidate: 0 },
    slo: slo('e2e_p95<5000,error_rate<0.01'),
    ...extra,
  };
}

/** A comparison as the shared one states it, with only the metrics a case needs. */
function comparisonWith(metrics: Array<Pick<MetricVerdict, 'verdict' | 'estimatePct' | 'interval'> & { metric: RunMetricId }>): VerifyEvidence['comparison'] {
  const full = metrics.map((entry) => ({ ...entry, method: { kind: 'welch' as const, statistic: 'mean' as const, df: 4 }, baselineValue: 100, candidateValue: 100 + (entry.estimatePct ?? 0), n: { baseline: 3, candidate: 3 } }));
  return { confidence: 0.95, candidates: [{ arm: 1, metrics: full }] };
}

describe('the verify rule (diagnosis-rules.md §0.4)', () => {
  it('keeps more slots that nearly triple output tok/s and cut TTFT p95, saying the gain with its interval', () => {
    const baseline = [run('a1', { tokensPerS: 118, ttftMs: 900 }), run('a2', { tokensPerS: 112, ttftMs: 950 }), run('a3', { tokensPerS: 121, ttftMs: 880 })];
    const candidate = [run('b1', { tokensPerS: 318, ttftMs: 60 }), run('b2', { tokensPerS: 305, ttftMs: 65 }), run('b3', { tokensPerS: 330, ttftMs: 58 })];
    const verdict = judgeVerify(evidenceOf({ baseline, candidate }));
    expect(verdict.decision).toBe('keep');
    expect(verdict.gainPct).toBeGreaterThan(150);
    expect(verdict.interval!.lowPct).toBeGreaterThan(verdict.barPct);
    expect(verdict.worseSlos).toEqual([]);
    expect(verdict.sentence).toMatch(/^\+\d+ % output tok\/s \(95 % CI \+\d+ … \+\d+ %\), TTFT p95 −\d+ %: keep$/);
  });

  it('rolls back two arms that measure the same, because the interval reaches 0', () => {
    const baseline = [run('a1', { tokensPerS: 118, ttftMs: 300 }), run('a2', { tokensPerS: 112, ttftMs: 310 }), run('a3', { tokensPerS: 121, ttftMs: 305 })];
    const candidate = [run('b1', { tokensPerS: 120, ttftMs: 300 }), run('b2', { tokensPerS: 114, ttftMs: 305 }), run('b3', { tokensPerS: 117, ttftMs: 310 })];
    const verdict = judgeVerify(evidenceOf({ baseline, candidate }));
    expect(verdict.decision).toBe('roll-back');
    expect(verdict.sentence).toMatch(/: roll back \(its interval reaches 0\)$/);
  });

  it('rolls back a real gain that does not clear twice the run-to-run CV', () => {
    // Baseline runs 90, 100, 110 tok/s: a CV of 10 %, so the bar is 20 %; a +12 % gain with its interval above 0 is not enough.
    const verdict = judgeVerify({
      comparison: comparisonWith([{ metric: 'tps', verdict: 'better', estimatePct: 12, interval: { lowPct: 4, highPct: 20 } }]),
      perRunTokensPerS: { baseline: [90, 100, 110], candidate: [111, 112, 113] },
      errorRates: { baseline: 0, candidate: 0 },
      slo: [],
    });
    expect(verdict.runToRunCvPct).toBeCloseTo(10, 6);
    expect(verdict.barPct).toBeCloseTo(20, 6);
    expect(verdict).toMatchObject({ decision: 'roll-back', gainPct: 12 });
    expect(verdict.sentence).toBe('+12 % output tok/s (95 % CI +4 … +20 %): roll back (the gain does not clear the 20 % bar (max(5 %, 2 × run-to-run CV)))');
  });

  it('holds a steady server to the 5 % floor: +4 % is not worth a restart, +6 % is', () => {
    const judge = (gain: number) =>
      judgeVerify({
        comparison: comparisonWith([{ metric: 'tps', verdict: 'better', estimatePct: gain, interval: { lowPct: gain - 1, highPct: gain + 1 } }]),
        perRunTokensPerS: { baseline: [100, 100.5, 100.2], candidate: [104, 104, 104] },
        errorRates: { baseline: 0, candidate: 0 },
        slo: [],
      });
    expect(judge(4)).toMatchObject({ decision: 'roll-back', barPct: 5 });
    expect(judge(6)).toMatchObject({ decision: 'keep', barPct: 5 });
  });

  it('rolls back a gain that made an SLO latency worse, naming the term', () => {
    const verdict = judgeVerify({
      comparison: comparisonWith([
        { metric: 'tps', verdict: 'better', estimatePct: 60, interval: { lowPct: 40, highPct: 80 } },
        { metric: 'ttft-p95', verdict: 'worse', estimatePct: 45, interval: { lowPct: 20, highPct: 70 } },
      ]),
      perRunTokensPerS: { baseline: [100, 101, 99], candidate: [160, 161, 159] },
      errorRates: { baseline: 0, candidate: 0 },
      slo: slo('ttft_p95<1000,tpot_p95<100,error_rate<0.01'),
    });
    expect(verdict).toMatchObject({ decision: 'roll-back', worseSlos: ['ttft_p95<1000'] });
    expect(verdict.sentence).toBe('+60 % output tok/s (95 % CI +40 … +80 %), TTFT p95 +45 %: roll back (it made ttft_p95<1000 worse)');
  });

  it('rolls back a candidate whose errors break the SLO the baseline met', () => {
    const verdict = judgeVerify({
      comparison: comparisonWith([{ metric: 'tps', verdict: 'better', estimatePct: 60, interval: { lowPct: 40, highPct: 80 } }]),
      perRunTokensPerS: { baseline: [100, 101, 99], candidate: [160, 161, 159] },
      errorRates: { baseline: 0, candidate: 0.05 },
      slo: slo('e2e_p95<5000,error_rate<0.01'),
    });
    expect(verdict).toMatchObject({ decision: 'roll-back', worseSlos: ['error_rate<0.01'] });
  });

  it('rolls back when output tok/s could not be compared at all', () => {
    const verdict = judgeVerify({
      comparison: comparisonWith([{ metric: 'tps', verdict: 'too few samples', estimatePct: null, interval: null }]),
      perRunTokensPerS: { baseline: [], candidate: [] },
      errorRates: { baseline: 0, candidate: 0 },
      slo: [],
    });
    expect(verdict).toMatchObject({ decision: 'roll-back', gainPct: null, runToRunCvPct: null, barPct: 5 });
    expect(verdict.sentence).toBe('output tok/s could not be compared: roll back (no gain could be measured)');
  });
});

describe('coefficientOfVariationPct', () => {
  it('is the sample standard deviation over the mean, in percent', () => {
    expect(coefficientOfVariationPct([90, 100, 110])).toBeCloseTo(10, 10);
    expect(coefficientOfVariationPct([100, 100, 100])).toBe(0);
  });

  it('says nothing from fewer than two runs', () => {
    expect(coefficientOfVariationPct([100])).toBeNull();
    expect(coefficientOfVariationPct([100, Number.NaN])).toBeNull();
  });
});
