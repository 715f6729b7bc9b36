/**
 * The refine step's curve fit (tuning-loop.md §A5 step 4, AIPerf's smooth_isotonic): pool
 * adjacent violators (PAVA) make the noisy margins non-decreasing in load, and a PCHIP through
 * the smoothed points gives a monotone curve whose root is the next probe. Raw interpolation of
 * noisy margins is what made vLLM's first search fragile; PAVA first is AIPerf's fix.
 */

export interface WeightedPoint {
  x: number;
  y: number;
  /** Weight of the point (requests measured); must be > 0. */
  weight: number;
}

/**
 * Isotonic (non-decreasing) least-squares fit of points sorted by x: returns the fitted y of each
 * point. A block of points that violates the order is replaced by its weighted mean.
 */
export function isotonicFit(points: readonly WeightedPoint[]): number[] {
  const blocks: Array<{ mean: number; weight: number; size: number }> = [];
  for (const point of points) {
    blocks.push({ mean: point.y, weight: point.weight, size: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.mean > blocks[blocks.length - 1]!.mean) {
      const last = blocks.pop()!;
      const previous = blocks[blocks.length - 1]!;
      const weight = previous.weight + last.weight;
      previous.mean = (previous.mean * previous.weight + last.mean * last.weight) / weight;
      previous.weight = weight;
      previous.size += last.size;
    }
  }
  return blocks.flatMap((block) => Array.from({ length: block.size }, () => block.mean));
}

/** A shape-preserving piecewise cubic through points with strictly increasing x. */
export interface Pchip {
  xs: readonly number[];
  ys: readonly number[];
  slopes: readonly number[];
}

/**
 * Fritsch–Carlson / Fritsch–Butland slopes, as SciPy's PchipInterpolator computes them: zero at a
 * local extremum, the weighted harmonic mean of the neighbouring secants elsewhere, and the
 * three-point end formula kept from overshooting. Two points give a straight line.
 */
export function fitPchip(xs: readonly number[], ys: readonly number[]): Pchip {
  const n = xs.length;
  const h = xs.slice(1).map((x, i) => x - xs[i]!);
  const delta = h.map((width, i) => (ys[i + 1]! - ys[i]!) / width);
  if (n === 2) return { xs, ys, slopes: [delta[0]!, delta[0]!] };
  const slopes = xs.map((_, i) => {
    if (i === 0) return endSlope(h[0]!, h[1]!, [delta[0]!, delta[1]!]);
    if (i === n - 1) return endSlope(h[n - 2]!, h[n - 3]!, [delta[n - 2]!, delta[n - 3]!]);
    const [before, after] = [delta[i - 1]!, delta[i]!];
    if (before * after <= 0) return 0;
    const w1 = 2 * h[i]! + h[i - 1]!;
    const w2 = h[i]! + 2 * h[i - 1]!;
    return (w1 + w2) / (w1 / before + w2 / after);
  });
  return { xs, ys, slopes };
}

function endSlope(h0: number, h1: number, [d0, d1]: [number, number]): number {
  const slope = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
  if (Math.sign(slope) !== Math.sign(d0)) return 0;
  if (Math.sign(d0) !== Math.sign(d1) && Math.abs(slope) > 3 * Math.abs(d0)) return 3 * d0;
  return slope;
}

/** The PCHIP's value at x (clamped to its ends). */
export function evaluatePchip(curve: Pchip, x: number): number {
  const { xs, ys, slopes } = curve;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[xs.length - 1]!) return ys[ys.length - 1]!;
  let i = 0;
  while (x > xs[i + 1]!) i += 1;
  const width = xs[i + 1]! - xs[i]!;
  const t = (x - xs[i]!) / width;
  const [h00, h10, h01, h11] = [2 * t ** 3 - 3 * t ** 2 + 1, t ** 3 - 2 * t ** 2 + t, -2 * t ** 3 + 3 * t ** 2, t ** 3 - t ** 2];
  return h00 * ys[i]! + h10 * width * slopes[i]! + h01 * ys[i + 1]! + h11 * width * slopes[i + 1]!;
}

/**
 * The first x in (low, high) where a non-decreasing PCHIP crosses 0 from below, by bisection
 * (the curve is monotone there, so the crossing is unique up to flat stretches); null when the
 * curve does not change sign inside the range.
 */
export function pchipRoot(curve: Pchip, range: { low: number; high: number }): number | null {
  let low = range.low;
  let high = range.high;
  if (!(evaluatePchip(curve, low) < 0) || !(evaluatePchip(curve, high) >= 0)) return null;
  for (let step = 0; step < 60 && high - low > 1e-9; step += 1) {
    const middle = (low + high) / 2;
    if (evaluatePchip(curve, middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
