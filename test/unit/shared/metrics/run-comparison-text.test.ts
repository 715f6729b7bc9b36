import { describe, expect, it } from 'vitest';
import type { MetricVerdict } from '../../../../src-shared/metrics/run-comparison';
import { describeMethod, describeVerdict } from '../../../../src-shared/metrics/run-comparison-text';

const context = { letter: 'B', confidence: 0.95, minEffectPct: 5 };
const bootstrap = { kind: 'bootstrap', statistic: 'median', samples: 'requests', resamples: 2000, seed: 1 } as const;

function verdict(overrides: Partial<MetricVerdict>): MetricVerdict {
  return {
    metric: 'ttft-p50',
    verdict: 'better',
    method: bootstrap,
    baselineValue: 100,
    candidateValue: 62,
    estimatePct: -38.2,
    interval: { lowPct: -44.1, highPct: -30.6 },
    n: { baseline: 412, candidate: 398 },
    ...overrides,
  };
}

describe('describeVerdict', () => {
  it('states a detected change with its direction, interval, method and n', () => {
    expect(describeVerdict(verdict({}), context)).toBe('TTFT p50: B is 38 % lower, 95 % CI 31–44 % (bootstrap of medians, 2,000 resamples, n = 412 / 398)');
  });

  it('states a rise in throughput over per-second samples', () => {
    const text = describeVerdict(
      verdict({ metric: 'tps', estimatePct: 251.3, interval: { lowPct: 230, highPct: 270.4 }, method: { ...bootstrap, statistic: 'mean', samples: 'seconds' }, n: { baseline: 6, candidate: 6 } }),
      context,
    );
    expect(text).toBe('Output token rate: B is 251 % higher, 95 % CI 230–270 % (bootstrap of means per second, 2,000 resamples, n = 6 / 6)');
  });

  it('says within noise with the signed interval across zero', () => {
    const text = describeVerdict(verdict({ verdict: 'within noise', estimatePct: 1.23, interval: { lowPct: -3.14, highPct: 5.4 } }), context);
    expect(text).toBe('TTFT p50: within noise, B +1.2 %, 95 % CI −3.1 to +5.4 % (bootstrap of medians, 2,000 resamples, n = 412 / 398)');
  });

  it('says why a real but small change is within noise', () => {
    const text = describeVerdict(verdict({ verdict: 'within noise', estimatePct: 3, interval: { lowPct: 2, highPct: 4 } }), context);
    expect(text).toMatch(/^TTFT p50: within noise \(under the 5 % minimum effect\), B \+3\.0 %/);
  });

  it('says there were too few samples without an interval', () => {
    expect(describeVerdict(verdict({ verdict: 'too few samples', method: null, interval: null, estimatePct: null, n: { baseline: 3, candidate: 0 } }), context)).toBe(
      'TTFT p50: too few samples to compare (n = 3 / 0)',
    );
  });
});

describe('describeMethod', () => {
  it('names Welch on run values with its degrees of freedom', () => {
    expect(describeMethod({ kind: 'welch', statistic: 'p95', df: 3.81 })).toBe("Welch's t on run p95s, df 3.8");
  });
});
