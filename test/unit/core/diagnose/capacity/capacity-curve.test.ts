import { describe, expect, it } from 'vitest';
import { breakingPoint, latencyKnee, throughputKnee } from '../../../../../src-main/core/diagnose/capacity/capacity-curve';
import type { CurvePoint } from '../../../../../src-shared/schemas/capacity';

function point(users: number, outputTokensPerS: number, extra: Partial<CurvePoint> = {}): CurvePoint {
  return { users, outputTokensPerS, requestsPerS: outputTokensPerS / 100, ttftP50Ms: 200, tpotP50Ms: 25, errorRate: 0, ...extra };
}

describe('throughputKnee', () => {
  it('finds the knee where throughput rising with users flattens (at the slot count here)', () => {
    // 40 tok/s per user up to 8 users, then flat at 320: the lines cross at 8.
    const curve = [1, 2, 4, 6, 8, 10, 12, 16].map((users) => point(users, 40 * Math.min(users, 8)));
    const knee = throughputKnee(curve);
    expect(knee.users).toBeCloseTo(8, 6);
    expect(knee.fractionOfPeak).toBeCloseTo(1, 6);
    expect(knee.reason).toBeNull();
  });

  it('finds no knee while throughput keeps rising linearly', () => {
    const knee = throughputKnee([1, 2, 4, 6, 8, 10].map((users) => point(users, 40 * users)));
    expect(knee.users).toBeNull();
    expect(knee.reason).toMatch(/does not flatten|fit/);
  });

  it('needs five distinct loads', () => {
    expect(throughputKnee([1, 2, 4, 8].map((users) => point(users, 10 * users))).reason).toMatch(/at least 5/);
  });
});

describe('latencyKnee', () => {
  it('names the first load where median TTFT doubles over one user', () => {
    const curve = [point(1, 40), point(4, 150, { ttftP50Ms: 350 }), point(8, 300, { ttftP50Ms: 420 })];
    expect(latencyKnee(curve)).toMatchObject({ users: 8, metric: 'ttft' });
  });

  it('names TPOT when it grows by half first', () => {
    expect(latencyKnee([point(1, 40), point(6, 200, { tpotP50Ms: 40 })])).toMatchObject({ users: 6, metric: 'tpot' });
  });
});

describe('breakingPoint', () => {
  it('is the first load with more than 10 % errors', () => {
    const curve = [point(4, 100), point(8, 200, { errorRate: 0.05 }), point(16, 180, { errorRate: 0.4 })];
    expect(breakingPoint(curve)).toEqual({ users: 16, errorRate: 0.4, highestMeasuredUsers: 16 });
  });

  it('is none up to the highest load measured when errors stay low', () => {
    expect(breakingPoint([point(4, 100), point(8, 200, { errorRate: 0.1 })])).toEqual({ users: null, errorRate: null, highestMeasuredUsers: 8 });
  });
});
