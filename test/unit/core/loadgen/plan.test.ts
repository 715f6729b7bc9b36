import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseWorkerCount, planWorkerShares, runBounds } from '../../../../src-main/core/loadgen/plan';
import { RunPlan, runLimits } from '../../../../src-shared/schemas/run-plan';

describe('planWorkerShares', () => {
  it('splits users and requests exactly, users differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 10_000_000 }), (virtualUsers, workerCount, requestCount) => {
        const shares = planWorkerShares({ virtualUsers, requestCount, workerCount });
        expect(shares.reduce((sum, share) => sum + share.virtualUsers, 0)).toBe(virtualUsers);
        expect(shares.reduce((sum, share) => sum + share.requestBudget, 0)).toBe(requestCount);
        const users = shares.map((share) => share.virtualUsers);
        expect(Math.max(...users) - Math.min(...users)).toBeLessThanOrEqual(1);
        expect(Math.min(...users)).toBeGreaterThanOrEqual(1);
        shares.forEach((share, index) => expect(share.firstVu).toBe(users.slice(0, index).reduce((sum, value) => sum + value, 0)));
      }),
    );
  });

  it('gives 10 requests over 3 workers of 3, 3 and 2 users as 3, 4 and 3 (cumulative rounding)', () => {
    expect(planWorkerShares({ virtualUsers: 8, requestCount: 10, workerCount: 3 }).map((share) => [share.virtualUsers, share.requestBudget])).toEqual([
      [3, 3],
      [3, 4],
      [2, 3],
    ]);
  });
});

describe('chooseWorkerCount', () => {
  it('uses one thread for a small run and never more than cores or users', () => {
    expect(chooseWorkerCount({ virtualUsers: 8, cores: 16 })).toBe(1);
    expect(chooseWorkerCount({ virtualUsers: 2000, cores: 2 })).toBe(2);
    expect(chooseWorkerCount({ virtualUsers: 3, cores: 8, requested: 6 })).toBe(3);
  });
});

describe('runBounds', () => {
  it('bounds a count-only run by the duration cap and a duration-only run by the count ceiling', () => {
    const byCount = RunPlan.parse({ url: 'http://127.0.0.1:1', load: { kind: 'closed', virtualUsers: 1 }, requestCount: 5 });
    expect(runBounds(byCount)).toEqual({ requestCount: 5, durationMs: runLimits.defaultDurationCapS * 1000 });
    const byTime = RunPlan.parse({ url: 'http://127.0.0.1:1', load: { kind: 'closed', virtualUsers: 1 }, durationS: 2 });
    expect(runBounds(byTime)).toEqual({ requestCount: runLimits.maxRequestCount, durationMs: 2000 });
  });
});
