import { describe, expect, it } from 'vitest';
import { connectBackoff, connectBackoffDelayMs, maxRefusedAttemptsWithin, minConnectBackoffDelayMs } from '../../../../../src-main/core/loadgen/worker/connect-backoff';

describe('connect backoff schedule', () => {
  it('waits 50 ms after the first refusal and doubles up to the 2 s cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 40].map((refusals) => connectBackoffDelayMs(refusals, 1));
    expect(ceilings).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(connectBackoff.maxDelayMs).toBe(2000);
  });

  it('keeps every jittered wait between half its ceiling and its ceiling', () => {
    for (let refusals = 1; refusals <= 12; refusals += 1) {
      const floor = minConnectBackoffDelayMs(refusals);
      for (const random of [0, 0.25, 0.5, 0.999]) {
        const delay = connectBackoffDelayMs(refusals, random);
        expect(delay).toBeGreaterThanOrEqual(floor);
        expect(delay).toBeLessThanOrEqual(floor * 2);
      }
    }
  });

  it('spreads users that were refused together over the jitter range', () => {
    const waits = [0, 0.2, 0.4, 0.6, 0.8].map((random) => connectBackoffDelayMs(6, random));
    expect(new Set(waits).size).toBe(5);
    expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThan(600);
  });

  it('clamps a random number outside [0, 1) instead of waiting outside the range', () => {
    expect(connectBackoffDelayMs(1, -3)).toBe(25);
    expect(connectBackoffDelayMs(1, 7)).toBe(50);
  });

  it('bounds the attempts one user can make in an outage by the floors of its waits', () => {
    expect(maxRefusedAttemptsWithin(0)).toBe(1);
    expect(maxRefusedAttemptsWithin(24)).toBe(1);
    expect(maxRefusedAttemptsWithin(25)).toBe(2); // a 25 ms floor, then the second try
    expect(maxRefusedAttemptsWithin(75)).toBe(3); // 25 + 50
    // 25 + 50 + 100 + 200 + 400 + 800 = 1575 ms for 7 attempts, then one per 1 s floor.
    expect(maxRefusedAttemptsWithin(1575)).toBe(7);
    expect(maxRefusedAttemptsWithin(10_000)).toBe(15);
  });
});
