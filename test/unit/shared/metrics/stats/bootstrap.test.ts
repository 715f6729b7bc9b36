import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapRelativeChange, statisticOf } from '../../../../../src-shared/metrics/stats/bootstrap';
import { createSeededRandom } from '../../../../../src-shared/metrics/stats/seeded-random';
import { judgeChange } from '../../../../../src-shared/metrics/stats/verdict';
import { summarise, welchInterval } from '../../../../../src-shared/metrics/stats/welch-test';

const median = { kind: 'quantile', q: 0.5 } as const;
const lowerIsBetter = { better: 'lower', minEffectPct: 5 } as const;

function normalSamples(seed: number, options: { n: number; mean: number; sd: number }): number[] {
  const random = createSeededRandom(seed);
  // Box–Muller: two uniforms give one standard normal.
  return Array.from({ length: options.n }, () => options.mean + options.sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

describe('statisticOf', () => {
  it('takes the nearest-rank quantile and the mean', () => {
    expect(statisticOf([4, 1, 3, 2], median)).toBe(2);
    expect(statisticOf([5, 1, 3], median)).toBe(3);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(statisticOf(hundred, { kind: 'quantile', q: 0.95 })).toBe(95);
    expect(statisticOf([1, 2, 3, 6], { kind: 'mean' })).toBe(3);
    expect(statisticOf([], median)).toBeNaN();
  });
});

describe('bootstrapRelativeChange', () => {
  it('gives a point interval when neither side varies', () => {
    expect(bootstrapRelativeChange([10, 10, 10], [12, 12], { statistic: median })).toEqual({ estimatePct: 20, lowPct: 20, highPct: 20, resamples: 2000, confidence: 0.95 });
  });

  it('repeats itself exactly for the same seed, and moves a little for another', () => {
    const a = normalSamples(1, { n: 200, mean: 100, sd: 20 });
    const b = normalSamples(2, { n: 200, mean: 110, sd: 20 });
    const options = { statistic: median, seed: 7 };
    expect(bootstrapRelativeChange(a, b, options)).toEqual(bootstrapRelativeChange(a, b, options));
    expect(bootstrapRelativeChange(a, b, { ...options, seed: 8 })!.lowPct).not.toBe(bootstrapRelativeChange(a, b, options)!.lowPct);
  });

  it('agrees with Welch’s interval for the mean of large, normal samples', () => {
    const a = normalSamples(3, { n: 2000, mean: 100, sd: 15 });
    const b = normalSamples(4, { n: 2000, mean: 104, sd: 15 });
    const boot = bootstrapRelativeChange(a, b, { statistic: { kind: 'mean' } })!;
    const welch = welchInterval(summarise(a), summarise(b))!;
    const baseMean = summarise(a).mean;
    expect(boot.lowPct).toBeCloseTo((welch.low / baseMean) * 100, 0);
    expect(boot.highPct).toBeCloseTo((welch.high / baseMean) * 100, 0);
  });

  // The brute-force side sorts every resample: kept to 1,000 values × 2,000 resamples so a busy
  // CI machine finishes it in seconds; the 30 s limit is for such a machine, not a quiet one.
  it('draws quantile resamples from the same law as resampling every value', { timeout: 30_000 }, () => {
    for (const n of [15, 200, 1000]) {
      const a = normalSamples(5, { n, mean: 100, sd: 20 });
      const b = normalSamples(6, { n, mean: 110, sd: 20 });
      const exact = bootstrapRelativeChange(a, b, { statistic: { kind: 'quantile', q: 0.95 }, resamples: 2000 })!;
      const brute = bruteForceInterval(a, b, { q: 0.95, resamples: 2000 });
      const widthPct = exact.highPct - exact.lowPct;
      expect(Math.abs(exact.lowPct - brute.lowPct)).toBeLessThan(widthPct * 0.1);
      expect(Math.abs(exact.highPct - brute.highPct)).toBeLessThan(widthPct * 0.1);
    }
  });

  it('has nothing to say about an empty side or a zero baseline', () => {
    expect(bootstrapRelativeChange([], [1, 2], { statistic: median })).toBeNull();
    expect(bootstrapRelativeChange([0, 0, 1], [1, 2], { statistic: median })).toBeNull();
  });

  it('finds identical samples within noise', () => {
    const samples = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(samples, fc.constantFrom(0.5, 0.95), fc.integer(), (values, q, seed) => {
        const change = bootstrapRelativeChange(values, [...values].reverse(), { statistic: { kind: 'quantile', q }, seed, resamples: 500 });
        expect(change!.estimatePct).toBe(0);
        expect(judgeChange(change, lowerIsBetter)).toBe('within noise');
      }),
      { numRuns: 50 },
    );
  });

  it('detects samples shifted beyond their whole spread', () => {
    const samples = fc.array(fc.double({ min: 10, max: 20, noNaN: true }), { minLength: 20, maxLength: 200 });
    fc.assert(
      fc.property(samples, fc.constantFrom(0.5, 0.95), fc.integer(), (values, q, seed) => {
        const options = { statistic: { kind: 'quantile', q } as const, seed, resamples: 500 };
        const slower = values.map((value) => value + 12);
        expect(judgeChange(bootstrapRelativeChange(values, slower, options), lowerIsBetter)).toBe('worse');
        expect(judgeChange(bootstrapRelativeChange(slower, values, options), lowerIsBetter)).toBe('better');
      }),
      { numRuns: 50 },
    );
  });
});

/** The textbook percentile bootstrap, drawing every value of every resample: the reference. */
function bruteForceInterval(baseline: number[], candidate: number[], options: { q: number; resamples: number }): { lowPct: number; highPct: number } {
  const random = createSeededRandom(99);
  const resample = (values: number[]) => statisticOf(Array.from(values, () => values[Math.floor(random() * values.length)]!), { kind: 'quantile', q: options.q });
  const changes = Array.from({ length: options.resamples }, () => {
    const b = resample(baseline);
    return ((resample(candidate) - b) / b) * 100;
  }).sort((x, y) => x - y);
  return { lowPct: changes[Math.floor(0.025 * options.resamples)]!, highPct: changes[Math.ceil(0.975 * options.resamples) - 1]! };
}
