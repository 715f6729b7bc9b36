import { describe, expect, it } from 'vitest';
import { evaluatePchip, fitPchip, isotonicFit, pchipRoot } from '../../../../../src-main/core/diagnose/capacity/monotone-fit';

describe('isotonicFit (PAVA)', () => {
  it('leaves points that already rise as they are', () => {
    expect(isotonicFit([{ x: 1, y: -1, weight: 1 }, { x: 2, y: 0, weight: 1 }, { x: 3, y: 2, weight: 1 }])).toEqual([-1, 0, 2]);
  });

  it('pools a violating pair into its weighted mean', () => {
    const fitted = isotonicFit([{ x: 1, y: 0, weight: 1 }, { x: 2, y: 3, weight: 1 }, { x: 3, y: 1, weight: 3 }, { x: 4, y: 4, weight: 1 }]);
    expect(fitted).toEqual([0, 1.5, 1.5, 4]);
  });

  it('pools back across several blocks when a late point is low', () => {
    // scikit-learn's IsotonicRegression gives [1, 1, 1] for y = [2, 3, -2] with equal weights.
    expect(isotonicFit([{ x: 1, y: 2, weight: 1 }, { x: 2, y: 3, weight: 1 }, { x: 3, y: -2, weight: 1 }])).toEqual([1, 1, 1]);
  });
});

describe('fitPchip', () => {
  it('passes through its points and stays between them where the data are monotone', () => {
    const curve = fitPchip([0, 1, 2, 3], [0, 0.1, 2, 2.1]);
    expect(evaluatePchip(curve, 1)).toBeCloseTo(0.1, 12);
    for (let x = 0; x <= 3; x += 0.05) {
      expect(evaluatePchip(curve, x)).toBeGreaterThanOrEqual(-1e-12);
      expect(evaluatePchip(curve, x)).toBeLessThanOrEqual(2.1 + 1e-12);
    }
  });

  it('matches SciPy’s PchipInterpolator inside a segment', () => {
    // scipy.interpolate.PchipInterpolator([0, 1, 2, 3], [0, 1, 2, 4]) at 1.5 and 2.7 (the end slope included).
    const curve = fitPchip([0, 1, 2, 3], [0, 1, 2, 4]);
    expect(evaluatePchip(curve, 1.5)).toBeCloseTo(1.4583333333333335, 12);
    expect(evaluatePchip(curve, 2.7)).toBeCloseTo(3.2845000000000004, 12);
  });

  it('is a straight line through two points', () => {
    expect(evaluatePchip(fitPchip([0, 2], [-1, 1]), 0.5)).toBeCloseTo(-0.5, 12);
  });
});

describe('pchipRoot', () => {
  it('finds where a rising curve crosses zero', () => {
    expect(pchipRoot(fitPchip([0, 2], [-1, 1]), { low: 0, high: 2 })).toBeCloseTo(1, 6);
  });

  it('gives null when the curve does not cross zero inside the range', () => {
    expect(pchipRoot(fitPchip([0, 1, 2], [-3, -2, -1]), { low: 0, high: 2 })).toBeNull();
  });
});
