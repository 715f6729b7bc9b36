import { describe, expect, it } from 'vitest';
import { ArrivalSchedule, buildRateProfile, expectedArrivals, instantOfArrivals } from '../../../../../src-main/core/loadgen/executors/arrival-schedule';
import { RunPlan } from '../../../../../src-shared/schemas/run-plan';
import type { OpenLoad } from '../../../../../src-shared/schemas/load-shape';

function openLoad(load: Record<string, unknown>): OpenLoad {
  const parsed = RunPlan.parse({ url: 'http://127.0.0.1:1', durationS: 1, load }).load;
  if (!parsed.kind.startsWith('open-')) throw new Error('not an open load');
  return parsed as OpenLoad;
}

/** Offsets (ms) of every arrival of one worker (or of the whole run with one worker). */
function offsets(options: { load: OpenLoad; durationS: number; workerIndex?: number; workerCount?: number; maxArrivals?: number }): Array<{ index: number; offsetMs: number }> {
  const schedule = new ArrivalSchedule({ workerIndex: 0, workerCount: 1, maxArrivals: 1_000_000, ...options });
  const out: Array<{ index: number; offsetMs: number }> = [];
  for (let arrival = schedule.next(); arrival; arrival = schedule.next()) out.push(arrival);
  return out;
}

const gapsS = (list: Array<{ offsetMs: number }>): number[] => list.slice(1).map((arrival, index) => (arrival.offsetMs - list[index]!.offsetMs) / 1000);

/** Kolmogorov–Smirnov statistic of a sample against Exp(rate). */
function ksAgainstExponential(sample: number[], rate: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((value, index) => {
    const cdf = 1 - Math.exp(-rate * value);
    d = Math.max(d, Math.abs(cdf - index / sorted.length), Math.abs((index + 1) / sorted.length - cdf));
  });
  return d;
}

describe('Poisson arrivals', () => {
  const rate = 50;
  const gaps = gapsS(offsets({ load: openLoad({ kind: 'open-poisson', rateRps: rate, seed: 7 }), durationS: 10_001 / rate + 50, maxArrivals: 10_001 }));

  it('pass a Kolmogorov–Smirnov test against Exp(rate) over 10,000 seeded gaps', () => {
    expect(gaps).toHaveLength(10_000);
    const d = ksAgainstExponential(gaps, rate);
    // Critical value at α = 0.01: 1.628 / √n = 0.0163.
    expect(d).toBeLessThan(1.628 / Math.sqrt(gaps.length));
  });

  it('have the exponential\'s mean and coefficient of variation', () => {
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / (gaps.length - 1));
    expect(mean * rate).toBeCloseTo(1, 1);
    expect(sd / mean).toBeCloseTo(1, 1);
  });

  it('are the same for the same seed and differ for another', () => {
    const again = gapsS(offsets({ load: openLoad({ kind: 'open-poisson', rateRps: rate, seed: 7 }), durationS: 10, maxArrivals: 50 }));
    const other = gapsS(offsets({ load: openLoad({ kind: 'open-poisson', rateRps: rate, seed: 8 }), durationS: 10, maxArrivals: 50 }));
    expect(again).toEqual(gaps.slice(0, again.length));
    expect(other).not.toEqual(again);
  });
});

describe('gamma arrivals', () => {
  it('keep the mean rate and have a squared coefficient of variation of 1 / burstiness', () => {
    for (const burstiness of [0.25, 4]) {
      const gaps = gapsS(offsets({ load: openLoad({ kind: 'open-gamma', rateRps: 20, burstiness, seed: 3 }), durationS: 2000, maxArrivals: 20_001 }));
      const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
      const variance = gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / (gaps.length - 1);
      expect(mean * 20).toBeCloseTo(1, 1);
      expect((variance / mean ** 2) * burstiness).toBeGreaterThan(0.9);
      expect((variance / mean ** 2) * burstiness).toBeLessThan(1.1);
    }
  });
});

describe('constant and ramping schedules', () => {
  it('space constant arrivals exactly and stop at the run\'s end', () => {
    const list = offsets({ load: openLoad({ kind: 'open-constant', rateRps: 4 }), durationS: 2 });
    expect(list.map((arrival) => arrival.offsetMs)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
  });

  it('follow a linear ramp: Λ(t) arrivals by t, and Λ⁻¹ inverts it', () => {
    const load = openLoad({ kind: 'open-ramping', startRateRps: 0, stages: [{ durationS: 10, targetRps: 20 }] });
    const profile = buildRateProfile(load, 12);
    // Λ(10) = ½ · 10 · 20 = 100; then 20/s held: Λ(12) = 140.
    expect(expectedArrivals(profile, 10)).toBe(100);
    expect(expectedArrivals(profile, 12)).toBe(140);
    expect(instantOfArrivals(profile, 25)!.instantS).toBeCloseTo(5, 9);
    expect(offsets({ load, durationS: 12 })).toHaveLength(140);
  });

  it('deal arrivals round-robin so the workers together send exactly the run\'s schedule', () => {
    const load = openLoad({ kind: 'open-gamma', rateRps: 30, burstiness: 0.5, seed: 11 });
    const whole = offsets({ load, durationS: 5 });
    const parts = [0, 1, 2].flatMap((workerIndex) => offsets({ load, durationS: 5, workerIndex, workerCount: 3 }));
    expect(parts.sort((a, b) => a.index - b.index)).toEqual(whole);
  });
});
