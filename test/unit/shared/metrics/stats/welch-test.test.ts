import { describe, expect, it } from 'vitest';
import { summarise, welchInterval, welchTest } from '../../../../../src-shared/metrics/stats/welch-test';

describe('welchTest', () => {
  it('matches SciPy on a textbook pair of samples', () => {
    const a = summarise([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]);
    const b = summarise([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]);
    const result = welchTest(a, b)!;
    expect(result.t).toBeCloseTo(2.455356398286006, 10);
    expect(result.df).toBeCloseTo(24.988529290231416, 9);
    expect(result.p).toBeCloseTo(0.021378001462866992, 10);
  });

  it('works from mean, stddev and n alone', () => {
    const result = welchTest({ mean: 100, stddev: 1, n: 5 }, { mean: 110, stddev: 1, n: 5 })!;
    expect(result.t).toBeCloseTo(15.811388300841896, 10);
    expect(result.p / 2.5597532587261395e-7).toBeCloseTo(1, 6);
  });

  it('decides without a p-value search when neither side varies', () => {
    expect(welchTest({ mean: 5, stddev: 0, n: 3 }, { mean: 5, stddev: 0, n: 3 })!.p).toBe(1);
    expect(welchTest({ mean: 5, stddev: 0, n: 3 }, { mean: 6, stddev: 0, n: 3 })).toMatchObject({ p: 0, t: Number.POSITIVE_INFINITY });
  });

  it('refuses to test a side with a single sample', () => {
    expect(welchTest({ mean: 5, stddev: 0, n: 1 }, { mean: 6, stddev: 1, n: 5 })).toBeNull();
  });

  it('summarises with the sample (n − 1) standard deviation', () => {
    expect(summarise([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, stddev: Math.sqrt(32 / 7), n: 8 });
  });
});

describe('welchInterval', () => {
  it('matches SciPy’s confidence interval of the difference of means on the textbook pair', () => {
    const a = summarise([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]);
    const b = summarise([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]);
    const interval = welchInterval(a, b)!;
    // scipy.stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    expect(interval.low).toBeCloseTo(0.3492370661924069, 8);
    expect(interval.high).toBeCloseTo(3.984096267140929, 8);
    expect(interval.difference).toBeCloseTo(2.166666666666668, 10);
  });

  it('excludes zero exactly when the test finds the difference at the same level', () => {
    const base = { mean: 100, stddev: 10, n: 5 };
    for (const mean of [101, 105, 110, 115, 120, 130]) {
      const candidate = { mean, stddev: 12, n: 6 };
      expect(welchInterval(base, candidate)!.low > 0).toBe(welchTest(base, candidate)!.p < 0.05);
    }
  });

  it('is a point when neither side varies, and absent with a single sample', () => {
    expect(welchInterval({ mean: 5, stddev: 0, n: 3 }, { mean: 6, stddev: 0, n: 3 })).toMatchObject({ difference: 1, low: 1, high: 1 });
    expect(welchInterval({ mean: 5, stddev: 0, n: 1 }, { mean: 6, stddev: 1, n: 5 })).toBeNull();
  });
});
