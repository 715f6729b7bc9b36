/**
 * A seeded uniform generator on [0, 1): Mulberry32, a 32-bit state mixer that passes
 * gjrand's tests at this size. Small enough to write here; src-shared takes no packages
 * but zod, and the bootstrap needs only "same seed, same resamples", not cryptographic quality.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
