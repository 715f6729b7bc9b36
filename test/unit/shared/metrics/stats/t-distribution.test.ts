import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../../../../src-shared/metrics/stats/t-distribution';

// Reference values from SciPy 1.17 (scipy.special.betainc, scipy.stats.t).
describe('regularizedIncompleteBeta', () => {
  it.each([
    [0.3, 0.5, 3.2, 0.8543320733137885],
    [0.97, 12, 0.5, 0.3974618099630429],
    [0.41, 200, 300, 0.677628164772179],
    [0.5, 2, 3, 0.6875],
  ])('I_%f(%f, %f) = %f', (x, a, b, expected) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(expected, 12);
  });

  it('is 0 and 1 at the ends and NaN for bad shapes', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
  });

  it('satisfies I_x(a, b) = 1 − I_(1−x)(b, a)', () => {
    const shape = fc.double({ min: 0.05, max: 200, noNaN: true });
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), shape, shape, (x, a, b) => {
        expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, b, a), 9);
      }),
    );
  });
});

describe("Student's t", () => {
  it('matches reference quantiles and probabilities', () => {
    expect(studentTTwoSidedP(2.228138851986274, 10)).toBeCloseTo(0.05, 12);
    expect(studentTTwoSidedP(12.706204736174707, 1)).toBeCloseTo(0.05, 12);
    expect(studentTTwoSidedP(1.959963984540054, 1e6)).toBeCloseTo(0.05, 6);
    expect(studentTCdf(-2, 3)).toBeCloseTo(0.06966298427942152, 12);
    expect(studentTTwoSidedP(1.5, 2.5)).toBeCloseTo(0.24783645308629618, 12);
    expect(studentTCdf(0.3, 0.7)).toBeCloseTo(0.5853824068143325, 12);
    expect(studentTCdf(-40, 30) / 6.863022597203209e-28).toBeCloseTo(1, 8);
  });

  it('is symmetric and increasing in t', () => {
    const df = fc.double({ min: 0.5, max: 1000, noNaN: true });
    const t = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(
      fc.property(t, t, df, (a, b, nu) => {
        expect(studentTCdf(a, nu) + studentTCdf(-a, nu)).toBeCloseTo(1, 12);
        if (a < b) expect(studentTCdf(a, nu)).toBeLessThanOrEqual(studentTCdf(b, nu) + 1e-15);
      }),
    );
  });

  it('gives p = 1 at t = 0 and p = 0 for an infinite t', () => {
    expect(studentTTwoSidedP(0, 4)).toBe(1);
    expect(studentTTwoSidedP(Number.POSITIVE_INFINITY, 4)).toBe(0);
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
  });
});

describe('studentTQuantile', () => {
  it('matches SciPy’s t.ppf for the 95 % interval quantiles', () => {
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977934, 8);
    expect(studentTQuantile(0.975, 24.988529290231416)).toBeCloseTo(2.059586491365625, 8);
    expect(studentTQuantile(0.025, 1)).toBeCloseTo(-12.706204736174705, 7);
  });

  it('inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (p, nu) => {
        expect(studentTCdf(studentTQuantile(p, nu), nu)).toBeCloseTo(p, 8);
      }),
    );
  });
});
