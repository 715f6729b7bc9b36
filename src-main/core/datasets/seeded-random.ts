import type { LengthDistribution } from '../../../src-shared/schemas/dataset';

/** A random source in [0, 1): seeded, so a dataset spec always yields the same prompts. */
export type Random = () => number;

/**
 * sfc32 seeded through splitmix32: small, fast, and statistically sound for sampling and
 * length draws (Math.random cannot be seeded). Different seeds give unrelated streams.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** A whole number in [min, max], both included. */
export function randomInt(random: Random, range: { min: number; max: number }): number {
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}

/** A standard normal draw (Box–Muller; the spare value is dropped to keep the stream simple). */
export function randomNormal(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * One length in whole tokens from a distribution. Normal draws are clamped into [min, max]
 * (default 1 and 4 × mean): a clamp keeps the mean close for a spread below mean / 3, and a
 * prompt of zero or a million tokens would only measure the error path.
 */
export function drawLength(distribution: LengthDistribution, random: Random): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.tokens;
    case 'uniform':
      return randomInt(random, distribution);
    case 'normal': {
      const min = distribution.min ?? 1;
      const max = distribution.max ?? Math.max(min, 4 * distribution.mean);
      const value = Math.round(distribution.mean + distribution.stddev * randomNormal(random));
      return Math.min(max, Math.max(min, value));
    }
  }
}
