import type { ArrivalProcess, OpenLoad } from '../../../../src-shared/schemas/load-shape';

/**
 * Open-loop arrival instants, pure and seeded. Every open shape is a rate profile r(t)
 * (piecewise linear: constant, or k6-style ramping stages) and a process of unit-mean gaps
 * (1 for evenly spaced, Exp(1) for Poisson, Gamma(b, 1/b) for burstiness b). Arrival k is due
 * at Λ⁻¹(g₁ + … + g_k), where Λ(t) = ∫₀ᵗ r is the expected number of arrivals by t (the
 * time-rescaling theorem): at a constant rate this is plainly "gaps of mean 1/r", and a ramp
 * bends the same sequence onto the changing rate.
 */

/** A seeded uniform generator on (0, 1): sfc32, small, fast and well distributed. */
export function createUniform(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let index = 0; index < 15; index += 1) next(); // mix the seed through the state
  return () => (next() + 0.5) / 4_294_967_296;
}

/** Exp(1): −ln U. */
export function exponentialGap(uniform: () => number): number {
  return -Math.log(uniform());
}

function standardNormal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape, scale 1): Marsaglia–Tsang, boosted by U^(1/shape) below shape 1. */
function standardGamma(uniform: () => number, shape: number): number {
  if (shape < 1) return standardGamma(uniform, shape + 1) * Math.pow(uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(uniform);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Gamma(shape, scale 1/shape): mean 1, squared coefficient of variation 1/shape (vLLM bench's burstiness). */
export function gammaGap(uniform: () => number, shape: number): number {
  return standardGamma(uniform, shape) / shape;
}

/** A source of unit-mean gaps for an arrival process. */
export function createGapSource(process: ArrivalProcess): () => number {
  if (process.kind === 'constant') return () => 1;
  const uniform = createUniform(process.seed);
  if (process.kind === 'poisson') return () => exponentialGap(uniform);
  const shape = process.burstiness;
  return () => gammaGap(uniform, shape);
}

/** One linear piece of the rate: from `fromRps` to `toRps` over [startS, startS + durationS). */
interface RateSegment {
  startS: number;
  durationS: number;
  fromRps: number;
  toRps: number;
  /** Λ at startS. */
  arrivalsBefore: number;
}

export interface RateProfile {
  segments: RateSegment[];
  durationS: number;
}

/** The rate profile of an open shape over a run of `durationS` (the last rate is held to the end). */
export function buildRateProfile(load: OpenLoad, durationS: number): RateProfile {
  const pieces: Array<{ durationS: number; fromRps: number; toRps: number }> = [];
  if (load.kind === 'open-ramping') {
    let rate = load.startRateRps;
    for (const stage of load.stages) {
      pieces.push({ durationS: stage.durationS, fromRps: rate, toRps: stage.targetRps });
      rate = stage.targetRps;
    }
    pieces.push({ durationS: Number.POSITIVE_INFINITY, fromRps: rate, toRps: rate });
  } else {
    pieces.push({ durationS: Number.POSITIVE_INFINITY, fromRps: load.rateRps, toRps: load.rateRps });
  }
  const segments: RateSegment[] = [];
  let startS = 0;
  let arrivalsBefore = 0;
  for (const piece of pieces) {
    if (startS >= durationS) break;
    const length = Math.min(piece.durationS, durationS - startS);
    if (length <= 0) continue;
    const toRps = piece.durationS === length ? piece.toRps : piece.fromRps + ((piece.toRps - piece.fromRps) * length) / piece.durationS;
    segments.push({ startS, durationS: length, fromRps: piece.fromRps, toRps, arrivalsBefore });
    arrivalsBefore += (length * (piece.fromRps + toRps)) / 2;
    startS += length;
  }
  return { segments, durationS };
}

/** Λ⁻¹: the instant (s) by which `arrivals` are expected, or undefined past the end of the profile. */
export function instantOfArrivals(profile: RateProfile, arrivals: number, hint = 0): { instantS: number; segment: number } | undefined {
  for (let index = hint; index < profile.segments.length; index += 1) {
    const segment = profile.segments[index]!;
    const inside = arrivals - segment.arrivalsBefore;
    const total = (segment.durationS * (segment.fromRps + segment.toRps)) / 2;
    if (inside > total) continue;
    const slope = (segment.toRps - segment.fromRps) / segment.durationS;
    // Solve r0·t + slope·t²/2 = inside in the cancellation-free form 2x / (r0 + √(r0² + 2·slope·x)).
    const root = Math.sqrt(Math.max(0, segment.fromRps * segment.fromRps + 2 * slope * inside));
    const denominator = segment.fromRps + root;
    const offsetS = denominator > 0 ? (2 * inside) / denominator : 0;
    return { instantS: segment.startS + Math.min(offsetS, segment.durationS), segment: index };
  }
  return undefined;
}

/**
 * The arrivals one worker sends: global arrivals workerIndex, workerIndex + workerCount, …
 * Every worker draws the whole seeded sequence and keeps its own, so the merged schedule is
 * exactly the run's (a superposition of per-worker gamma processes would not be gamma).
 */
export class ArrivalSchedule {
  private readonly profile: RateProfile;
  private readonly gaps: () => number;
  private cumulative = 0;
  private nextGlobal = 0;
  private segmentHint = 0;

  constructor(private readonly options: { load: OpenLoad; durationS: number; workerIndex: number; workerCount: number; maxArrivals: number }) {
    this.profile = buildRateProfile(options.load, options.durationS);
    const process: ArrivalProcess = options.load.kind === 'open-poisson' ? { kind: 'poisson', seed: options.load.seed } : options.load.kind === 'open-gamma' ? { kind: 'gamma', burstiness: options.load.burstiness, seed: options.load.seed } : options.load.kind === 'open-ramping' ? options.load.arrivals : { kind: 'constant' };
    this.gaps = createGapSource(process);
  }

  /** This worker's next arrival: its global index and its offset from the run start (ms); undefined when none is left. */
  next(): { index: number; offsetMs: number } | undefined {
    const { workerIndex, workerCount } = this.options;
    while (this.nextGlobal < this.options.maxArrivals) {
      const index = this.nextGlobal;
      if (index > 0) this.cumulative += this.gaps();
      this.nextGlobal += 1;
      const found = instantOfArrivals(this.profile, this.cumulative, this.segmentHint);
      if (!found || found.instantS >= this.profile.durationS) {
        this.nextGlobal = this.options.maxArrivals;
        return undefined;
      }
      this.segmentHint = found.segment;
      if (index % workerCount === workerIndex) return { index, offsetMs: found.instantS * 1000 };
    }
    return undefined;
  }
}

/** Λ(t): arrivals the profile expects by `instantS`. */
export function expectedArrivals(profile: RateProfile, instantS: number): number {
  let total = 0;
  for (const segment of profile.segments) {
    if (instantS <= segment.startS) break;
    const t = Math.min(instantS - segment.startS, segment.durationS);
    const slope = (segment.toRps - segment.fromRps) / segment.durationS;
    total = segment.arrivalsBefore + segment.fromRps * t + (slope * t * t) / 2;
  }
  return total;
}
