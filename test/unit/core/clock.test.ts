import { describe, expect, it } from 'vitest';
import { houseClock } from '../../../src-main/core/clock';

describe('the house clock', () => {
  it('reads epoch milliseconds, on the same base as the wall clock', () => {
    const before = Date.now();
    const now = houseClock();
    // A generous bound: the two differ only by drift since the process started, never by hours.
    expect(Math.abs(now - before)).toBeLessThan(60_000);
  });

  it('never goes backwards between readings', () => {
    let previous = houseClock();
    for (let i = 0; i < 10_000; i += 1) {
      const next = houseClock();
      expect(next).toBeGreaterThanOrEqual(previous);
      previous = next;
    }
  });

});
