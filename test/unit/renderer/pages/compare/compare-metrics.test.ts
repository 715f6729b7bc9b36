import { describe, expect, it } from 'vitest';
import type { MetricVerdict, RunsComparison } from '../../../../../src-shared/metrics/run-comparison';
import type { RunRecord } from '../../../../../src-shared/schemas/run-result';
import { compareRow, metricRows, type ComparedRun } from '../../../../../src-renderer/pages/compare/compare-metrics';

const row = (id: string) => metricRows.find((entry) => entry.id === id)!;

function runWith(ttftP50: number, tokensPerS: number): ComparedRun {
  const stats = { count: 100, p50: ttftP50, p95: ttftP50 * 2, p99: ttftP50 * 3 };
  return { record: { summary: { ttftMs: stats, outputTokensPerS: tokensPerS } } as unknown as RunRecord, server: null };
}

function comparison(metrics: MetricVerdict[]): RunsComparison {
  return { arms: [{ runIds: ['a'] }, { runIds: ['b'] }], baselineArm: 0, confidence: 0.95, minEffectPct: 5, candidates: [{ arm: 1, metrics }], notices: [] };
}

const bootstrap = { kind: 'bootstrap', statistic: 'median', samples: 'requests', resamples: 2000, seed: 1 } as const;
const ttftNoise: MetricVerdict = {
  metric: 'ttft-p50',
  verdict: 'within noise',
  method: bootstrap,
  baselineValue: 100,
  candidateValue: 90,
  estimatePct: -10,
  interval: { lowPct: -25, highPct: 4 },
  n: { baseline: 40, candidate: 41 },
};

describe('compareRow', () => {
  it('judges a change by the ±2 % rule while no statistical verdict is at hand', () => {
    expect(compareRow(row('ttft-p50'), [runWith(100, 50), runWith(90, 50)])[1]).toEqual({ value: 90, deltaPct: -10, verdict: 'better' });
  });

  it('takes the core’s verdict and its words over the ±2 % rule', () => {
    const [base, other] = compareRow(row('ttft-p50'), [runWith(100, 50), runWith(90, 50)], comparison([ttftNoise]));
    expect(base).toEqual({ value: 100, deltaPct: null, verdict: null });
    expect(other).toMatchObject({ value: 90, deltaPct: -10, verdict: 'same' });
    expect(other!.statement).toBe('TTFT p50: within noise, B −10 %, 95 % CI −25 to +4.0 % (bootstrap of medians, 2,000 resamples, n = 40 / 41)');
  });

  it('leaves a metric the core could not test uncoloured, and says why', () => {
    const untested: MetricVerdict = { ...ttftNoise, metric: 'tps', verdict: 'too few samples', method: null, interval: null, estimatePct: null, n: { baseline: 1, candidate: 0 } };
    const other = compareRow(row('tps'), [runWith(100, 50), runWith(100, 80)], comparison([untested]))[1]!;
    expect(other).toMatchObject({ verdict: null, statement: 'Output token rate: too few samples to compare (n = 1 / 0)' });
  });
});
