import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planClosedLoop, runUserLevels, shareOf } from '../../../../src-main/core/loadgen/executors/closed-loop';
import { planOpenLoop } from '../../../../src-main/core/loadgen/executors/open-loop';
import { chooseWorkerCount, planExecution, runBounds } from '../../../../src-main/core/loadgen/plan';
import { RunPlan, runLimits } from '../../../../src-shared/schemas/run-plan';

const closed = (virtualUsers: number) => ({ kind: 'closed' as const, virtualUsers });
const usersAt = (levels: Array<{ atMs: number; users: number }>, atMs: number): number => levels.filter((level) => level.atMs <= atMs).at(-1)!.users;

describe('planClosedLoop', () => {
  it('splits users and requests exactly, users differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 10_000_000 }), (virtualUsers, workerCount, requestCount) => {
        const shares = planClosedLoop({ load: closed(virtualUsers), requestCount, workerCount });
        const users = shares.map((share) => share.levels[0]!.users);
        expect(users.reduce((sum, value) => sum + value, 0)).toBe(virtualUsers);
        expect(shares.reduce((sum, share) => sum + share.requestBudget, 0)).toBe(requestCount);
        expect(Math.max(...users) - Math.min(...users)).toBeLessThanOrEqual(1);
        expect(Math.min(...users)).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('gives 10 requests over 3 workers of 3, 3 and 2 users as 3, 4 and 3 (cumulative rounding)', () => {
    expect(planClosedLoop({ load: closed(8), requestCount: 10, workerCount: 3 }).map((share) => [share.levels[0]!.users, share.requestBudget])).toEqual([
      [3, 3],
      [3, 4],
      [2, 3],
    ]);
  });

  it('ramps one user at a time, like k6 ramping-vus, and steps on a zero-length stage', () => {
    const load = { kind: 'closed' as const, virtualUsers: 1, stages: [{ durationS: 3, target: 4 }, { durationS: 0, target: 8 }, { durationS: 2, target: 8 }, { durationS: 2, target: 6 }] };
    expect(runUserLevels(load)).toEqual([
      { atMs: 0, users: 1 },
      { atMs: 1000, users: 2 },
      { atMs: 2000, users: 3 },
      { atMs: 3000, users: 8 },
      { atMs: 6000, users: 7 },
      { atMs: 7000, users: 6 },
    ]);
  });

  it('keeps the workers\' levels adding up to the run\'s level at every instant', () => {
    const load = { kind: 'closed' as const, virtualUsers: 3, stages: [{ durationS: 5, target: 17 }, { durationS: 5, target: 2 }] };
    const run = runUserLevels(load);
    const shares = planClosedLoop({ load, requestCount: 1000, workerCount: 4 });
    for (let atMs = 0; atMs <= 10_000; atMs += 125) {
      expect(shares.reduce((sum, share) => sum + usersAt(share.levels, atMs), 0)).toBe(usersAt(run, atMs));
    }
    expect(shareOf(17, 0, 4) + shareOf(17, 1, 4) + shareOf(17, 2, 4) + shareOf(17, 3, 4)).toBe(17);
  });
});

describe('planOpenLoop', () => {
  it('gives every worker the whole run cap, to hold together, and never more workers than slots', () => {
    const load = RunPlan.parse({ url: 'http://127.0.0.1:1', durationS: 1, load: { kind: 'open-poisson', rateRps: 10, maxInFlight: 5 } }).load;
    if (load.kind !== 'open-poisson') throw new Error('parsed as another kind');
    expect(planOpenLoop({ load, durationS: 1, requestCount: 100, workerCount: 2 }).map((share) => share.maxInFlight)).toEqual([5, 5]);
    expect(planOpenLoop({ load: { ...load, maxInFlight: 1 }, durationS: 1, requestCount: 100, workerCount: 2 })).toHaveLength(1);
  });
});

describe('chooseWorkerCount', () => {
  it('uses one thread for a small run and never more than cores or users', () => {
    expect(chooseWorkerCount({ load: closed(8), cores: 16 })).toBe(1);
    expect(chooseWorkerCount({ load: closed(2000), cores: 2 })).toBe(2);
    expect(chooseWorkerCount({ load: closed(3), cores: 8, requested: 6 })).toBe(3);
  });

  it('sizes an open loop by its rate', () => {
    const load = RunPlan.parse({ url: 'http://127.0.0.1:1', durationS: 1, load: { kind: 'open-constant', rateRps: 1000 } }).load;
    expect(chooseWorkerCount({ load, cores: 2 })).toBe(2);
    expect(chooseWorkerCount({ load: { ...load, rateRps: 5 } as typeof load, cores: 2 })).toBe(1);
  });
});

describe('runBounds', () => {
  it('bounds a count-only run by the duration cap and a duration-only run by the count ceiling', () => {
    const byCount = RunPlan.parse({ url: 'http://127.0.0.1:1', load: closed(1), requestCount: 5 });
    expect(runBounds(byCount)).toEqual({ requestCount: 5, durationMs: runLimits.defaultDurationCapS * 1000 });
    const byTime = RunPlan.parse({ url: 'http://127.0.0.1:1', load: closed(1), durationS: 2 });
    expect(runBounds(byTime)).toEqual({ requestCount: runLimits.maxRequestCount, durationMs: 2000 });
  });

  it('takes a profile\'s length from its stages', () => {
    const plan = RunPlan.parse({ url: 'http://127.0.0.1:1', load: { kind: 'profile', profile: 'medium', stepDurationS: 5 } });
    expect(runBounds(plan).durationMs).toBe(15_000);
    expect(planExecution(plan, 2).map((share) => share.kind)).toEqual(['closed', 'closed']);
  });
});
