import { describe, expect, it } from 'vitest';
import { Reservoir } from '../../../../src-main/core/datasets/reservoir';
import { createRandom, drawLength } from '../../../../src-main/core/datasets/seeded-random';

function meanAndStddev(values: readonly number[]): { mean: number; stddev: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, stddev: Math.sqrt(variance) };
}

describe('seeded random source', () => {
  it('repeats the same stream for the same seed and a different one for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('draws fixed, uniform and normal lengths that follow their distributions', () => {
    const random = createRandom(7);
    expect(drawLength({ kind: 'fixed', tokens: 128 }, random)).toBe(128);
    const uniform = Array.from({ length: 20_000 }, () => drawLength({ kind: 'uniform', min: 10, max: 20 }, random));
    expect(Math.min(...uniform)).toBe(10);
    expect(Math.max(...uniform)).toBe(20);
    expect(meanAndStddev(uniform).mean).toBeCloseTo(15, 1);
    const normal = Array.from({ length: 20_000 }, () => drawLength({ kind: 'normal', mean: 500, stddev: 50 }, random));
    const { mean, stddev } = meanAndStddev(normal);
    expect(Math.abs(mean - 500)).toBeLessThan(2);
    expect(Math.abs(stddev - 50)).toBeLessThan(2);
  });

  it('clamps normal draws into [min, max] so no prompt is empty', () => {
    const random = createRandom(1);
    const draws = Array.from({ length: 5000 }, () => drawLength({ kind: 'normal', mean: 10, stddev: 100, min: 2, max: 30 }, random));
    expect(Math.min(...draws)).toBe(2);
    expect(Math.max(...draws)).toBe(30);
  });
});

describe('Reservoir', () => {
  it('keeps everything, in stream order, when the stream is shorter than the sample', () => {
    const reservoir = new Reservoir<number>(10, createRandom(1));
    [5, 6, 7].forEach((value) => reservoir.offer(value));
    expect(reservoir.take()).toEqual([5, 6, 7]);
    expect(reservoir.offered).toBe(3);
  });

  it('samples every position about equally often over many seeds', () => {
    const counts = new Array<number>(20).fill(0);
    const trials = 4000;
    for (let seed = 0; seed < trials; seed += 1) {
      const reservoir = new Reservoir<number>(5, createRandom(seed));
      for (let item = 0; item < 20; item += 1) reservoir.offer(item);
      for (const item of reservoir.take()) counts[item]! += 1;
    }
    const expected = (trials * 5) / 20;
    // Chi-square with 19 degrees of freedom: 43.8 is its 0.999 quantile.
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(43.8);
  });

  it('returns its sample in stream order and the same sample for the same seed', () => {
    const sample = (seed: number): number[] => {
      const reservoir = new Reservoir<number>(50, createRandom(seed));
      for (let item = 0; item < 10_000; item += 1) reservoir.offer(item);
      return reservoir.take();
    };
    const first = sample(9);
    expect(first).toHaveLength(50);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(sample(9)).toEqual(first);
    expect(sample(10)).not.toEqual(first);
  });
});
