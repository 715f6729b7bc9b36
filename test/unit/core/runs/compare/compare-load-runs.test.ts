import { describe, expect, it } from 'vitest';
import { compareLoadRuns, type RunSamples } from '../../../../../src-main/core/runs/compare/compare-load-runs';
import type { MetricVerdict, RunMetricId } from '../../../../../src-shared/metrics/run-comparison';

function run(runId: string, options: { ttftMs?: number[]; tokensPerS?: number[] } = {}): RunSamples {
  const ttftMs = options.ttftMs ?? Array.from({ length: 60 }, (_, i) => 100 + (i % 20));
  return {
    runId,
    requests: { ttftMs, tpotMs: ttftMs.map((v) => v / 10), e2eMs: ttftMs.map((v) => v * 5) },
    seconds: { requestsPerS: [4, 5, 4, 5, 4, 5], outputTokensPerS: options.tokensPerS ?? [90, 110, 95, 105, 100, 100] },
  };
}

const metric = (metrics: MetricVerdict[], id: RunMetricId) => metrics.find((entry) => entry.metric === id)!;

describe('compareLoadRuns', () => {
  it('finds two runs with the same samples within noise on every metric, by bootstrap', () => {
    const { candidates } = compareLoadRuns([[run('a')], [run('b')]], { baselineArm: 0 });
    expect(candidates).toHaveLength(1);
    for (const entry of candidates[0]!.metrics) {
      expect(entry.verdict).toBe('within noise');
      expect(entry.estimatePct).toBe(0);
      expect(entry.method).toMatchObject({ kind: 'bootstrap', resamples: 2000, seed: 1 });
    }
    expect(metric(candidates[0]!.metrics, 'ttft-p50')).toMatchObject({ n: { baseline: 60, candidate: 60 }, method: { statistic: 'median', samples: 'requests' } });
    expect(metric(candidates[0]!.metrics, 'tps')).toMatchObject({ n: { baseline: 6, candidate: 6 }, method: { statistic: 'mean', samples: 'seconds' } });
  });

  it('finds halved first-token times better, with the change and its interval in percent', () => {
    const fast = run('b', { ttftMs: Array.from({ length: 60 }, (_, i) => 50 + (i % 10)) });
    const ttft = metric(compareLoadRuns([[run('a')], [fast]], { baselineArm: 0 }).candidates[0]!.metrics, 'ttft-p50');
    // Medians by nearest rank: 109 against 54.
    expect(ttft).toMatchObject({ verdict: 'better', baselineValue: 109, candidateValue: 54 });
    expect(ttft.estimatePct).toBeCloseTo(((54 - 109) / 109) * 100, 10);
    expect(ttft.interval!.lowPct).toBeLessThanOrEqual(ttft.estimatePct!);
    expect(ttft.interval!.highPct).toBeLessThan(0);
  });

  it('measures every other arm against the chosen baseline arm', () => {
    const slow = run('c', { tokensPerS: [50, 55, 45, 50, 50, 50] });
    const { candidates, baselineArm } = compareLoadRuns([[slow], [run('a')], [run('b')]], { baselineArm: 1 });
    expect(baselineArm).toBe(1);
    expect(candidates.map((entry) => [entry.arm, metric(entry.metrics, 'tps').verdict])).toEqual([
      [0, 'worse'],
      [2, 'within noise'],
    ]);
  });

  it('uses Welch on the per-run means when both sides have replicates (SciPy: 15.47 to 24.53 %)', () => {
    const at = (runId: string, mean: number) => run(runId, { tokensPerS: [mean - 5, mean + 5] });
    const arms = [[at('a1', 100), at('a2', 102), at('a3', 98)], [at('b1', 120), at('b2', 118), at('b3', 122)]];
    const tps = metric(compareLoadRuns(arms, { baselineArm: 0 }).candidates[0]!.metrics, 'tps');
    // scipy.stats.ttest_ind([120,118,122], [100,102,98], equal_var=False).confidence_interval(): (15.4660, 24.5340)
    expect(tps).toMatchObject({ verdict: 'better', method: { kind: 'welch', statistic: 'mean' }, n: { baseline: 3, candidate: 3 }, baselineValue: 100, candidateValue: 120 });
    expect(tps.method).toMatchObject({ df: 4 });
    expect(tps.estimatePct).toBeCloseTo(20, 10);
    expect(tps.interval!.lowPct).toBeCloseTo(15.466, 3);
    expect(tps.interval!.highPct).toBeCloseTo(24.534, 3);
  });

  it('has too few samples for a run that recorded no requests', () => {
    const empty: RunSamples = { runId: 'b', requests: { ttftMs: [], tpotMs: [], e2eMs: [] }, seconds: { requestsPerS: [], outputTokensPerS: [] } };
    const ttft = metric(compareLoadRuns([[run('a')], [empty]], { baselineArm: 0 }).candidates[0]!.metrics, 'ttft-p50');
    expect(ttft).toMatchObject({ verdict: 'too few samples', method: null, interval: null, candidateValue: null, n: { baseline: 60, candidate: 0 } });
  });
});
