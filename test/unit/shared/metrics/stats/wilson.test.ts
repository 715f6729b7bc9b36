import { describe, expect, it } from 'vitest';
import { normalQuantile, wilsonInterval } from '../../../../../src-shared/metrics/stats/wilson';

describe('normalQuantile', () => {
  it('matches the familiar z values (scipy.stats.norm.ppf)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is infinite at 0 and 1 and undefined outside them', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II,
  // method 3; the digits past his four are scipy's binomtest(...).proportion_ci(method='wilson').
  it.each([
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.06238639953073629, 0.16048724172330803],
    [0, 20, 0, 0.16112515805281935],
    [1, 29, 0.006113214292762667, 0.17175521879320282],
    [95, 100, 0.8882495307680809, 0.978456320845632],
  ])('gives Newcombe’s two-sided 95 %% interval for %i of %i', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials, { confidence: 0.95, sides: 2 });
    expect(interval.low).toBeCloseTo(low, 7);
    expect(interval.high).toBeCloseTo(high, 7);
  });

  it('gives one-sided 95 % bounds equal to the two-sided 90 % interval', () => {
    const interval = wilsonInterval(95, 100, { confidence: 0.95, sides: 1 });
    expect(interval.low).toBeCloseTo(0.9008389147209472, 7);
    expect(interval.high).toBeCloseTo(0.9754526365741958, 7);
  });

  it('ends at exactly 1 when every trial succeeded', () => {
    expect(wilsonInterval(40, 40, { confidence: 0.95, sides: 2 }).high).toBe(1);
  });

  it('knows nothing from no trials', () => {
    expect(wilsonInterval(0, 0, { confidence: 0.95, sides: 2 })).toEqual({ low: 0, high: 1 });
  });
});
