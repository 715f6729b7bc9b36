import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../src-shared/metrics/stats/seeded-random';

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createSeededRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('spreads its draws evenly over [0, 1)', () => {
    const random = createSeededRandom(1);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i += 1) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
      bins[Math.floor(value * 10)]! += 1;
    }
    // Each bin expects 10,000 ± 95 (binomial sd); 500 is over five sd.
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
