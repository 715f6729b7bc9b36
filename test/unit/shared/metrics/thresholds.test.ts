import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateThresholds, goodputLimits, meetsGoodputLimits, parseThresholds } from '../../../../src-shared/metrics/thresholds';

describe('parseThresholds', () => {
  it('reads the short form, k6 form, units and error rate', () => {
    const { thresholds, problems } = parseThresholds('ttft_p95<2000, tpot_p95<100,p(95)<500, ttft:p(99)<=3s, itl: avg<40,error_rate<1%');
    expect(problems).toEqual([]);
    expect(thresholds.map(({ metric, aggregate, op, limit }) => [metric, aggregate, op, limit])).toEqual([
      ['ttft', 'p95', '<', 2000],
      ['tpot', 'p95', '<', 100],
      ['e2e', 'p95', '<', 500],
      ['ttft', 'p99', '<=', 3000],
      ['itl', 'avg', '<', 40],
      ['error_rate', 'rate', '<', 0.01],
    ]);
  });

  it('reports every bad term with its reason', () => {
    const { problems } = parseThresholds('ttft_p97<1,speed_p50<3,e2e_p50<fast,error_rate<5ms');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/percentile 97 is not kept/);
    expect(problems[1]).toMatch(/unknown metric "speed"/);
    expect(problems[2]).toMatch(/"fast" is not a number/);
    expect(problems[3]).toMatch(/fraction/);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const result = parseThresholds(text);
      return Array.isArray(result.thresholds) && Array.isArray(result.problems);
    }));
  });
});

describe('goodput limits', () => {
  const { thresholds } = parseThresholds('ttft_p95<2000,tpot_p95<=100,e2e_p50>10');
  const limits = goodputLimits(thresholds);

  it('uses each < or <= latency term as a per-request limit and ignores > terms', () => {
    expect(limits.limitsMs).toEqual({ ttft: { limitMs: 2000, inclusive: false }, tpot: { limitMs: 100, inclusive: true } });
  });

  it('judges a request on each limit, a missing value meeting it', () => {
    expect(meetsGoodputLimits(limits, { ttft: 1999.9, tpot: 100 })).toBe(true);
    expect(meetsGoodputLimits(limits, { ttft: 2000, tpot: 10 })).toBe(false);
    expect(meetsGoodputLimits(limits, { ttft: 10, tpot: 100.001 })).toBe(false);
    expect(meetsGoodputLimits(limits, { ttft: 10, tpot: null })).toBe(true);
  });
});

describe('evaluateThresholds', () => {
  const stats = { count: 10, mean: 50, min: 1, max: 300, p50: 40, p90: 90, p95: 120, p99: 250 };
  it('compares each aggregate and fails a threshold over a metric with no samples', () => {
    const { thresholds } = parseThresholds('ttft_p95<200,ttft_med<=40,tpot_p99<10,error_rate<0.1');
    const results = evaluateThresholds(thresholds, { statsMs: { ttft: stats }, completed: 9, failed: 1 });
    expect(results.map((result) => [result.actual, result.isPassed])).toEqual([[120, true], [40, true], [null, false], [0.1, false]]);
  });
});
