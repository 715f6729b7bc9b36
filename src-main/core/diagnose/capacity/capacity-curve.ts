import type { BreakingPoint, CapacityProbe, CurvePoint, LatencyKnee, ThroughputKnee } from '../../../../src-shared/schemas/capacity';

/**
 * The probes reused as points of the throughput/latency curve (tuning-loop.md §A5 step 7): one
 * point per load, each figure the request-weighted mean of the valid probes at it.
 */
export function curveFromProbes(probes: readonly CapacityProbe[]): CurvePoint[] {
  const byUsers = new Map<number, CapacityProbe[]>();
  for (const probe of probes) {
    if (probe.judgement.verdict === 'invalid') continue;
    byUsers.set(probe.users, [...(byUsers.get(probe.users) ?? []), probe]);
  }
  return [...byUsers.entries()].sort(([left], [right]) => left - right).map(([users, group]) => ({
    users,
    outputTokensPerS: weighted(group, (probe) => probe.outputTokensPerS)!,
    requestsPerS: weighted(group, (probe) => probe.requestsPerS)!,
    ttftP50Ms: weighted(group, (probe) => probe.ttftP50Ms),
    tpotP50Ms: weighted(group, (probe) => probe.tpotP50Ms),
    errorRate: weighted(group, (probe) => probe.errorRate)!,
  }));
}

function weighted(group: readonly CapacityProbe[], value: (probe: CapacityProbe) => number | null): number | null {
  let sum = 0;
  let weight = 0;
  for (const probe of group) {
    const figure = value(probe);
    if (figure === null) continue;
    sum += figure * Math.max(1, probe.requests);
    weight += Math.max(1, probe.requests);
  }
  return weight === 0 ? null : sum / weight;
}

interface Line {
  slope: number;
  intercept: number;
  sse: number;
}

function fitLine(xs: readonly number[], ys: readonly number[]): Line {
  const n = xs.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i += 1) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const sse = xs.reduce((sum, x, i) => sum + (ys[i]! - (intercept + slope * x)) ** 2, 0);
  return { slope, intercept, sse };
}

/** §A6: a knee needs at least five distinct loads. */
const minimumLoads = 5;

/**
 * The throughput knee (tuning-loop.md §A6 def. 1, GuideLLM's analysis/knee.py): on (users,
 * output tok/s) normalised by their maxima, every interior breakpoint splits the points into a
 * rising and a tail segment (sharing the breakpoint) with a least-squares line each; the best
 * split is accepted only if the tail slope is at most 0.25 × the rising slope, the two lines cut
 * the one-line error by at least 50 %, and the fit at the breakpoint reaches 85 % of the peak.
 * The knee is where the two lines cross.
 */
export function throughputKnee(points: readonly CurvePoint[]): ThroughputKnee {
  const peak = Math.max(0, ...points.map((point) => point.outputTokensPerS));
  const none = (reason: string): ThroughputKnee => ({ definition: 'two-segment fit of output tok/s (GuideLLM)', users: null, peakOutputTokensPerS: peak, fractionOfPeak: null, reason });
  if (points.length < minimumLoads) return none(`${points.length} distinct loads; a knee needs at least ${minimumLoads}`);
  if (peak <= 0) return none('no throughput was measured');
  const maxUsers = Math.max(...points.map((point) => point.users));
  const xs = points.map((point) => point.users / maxUsers);
  const ys = points.map((point) => point.outputTokensPerS / peak);
  const single = fitLine(xs, ys);
  let best: { rising: Line; tail: Line; index: number } | null = null;
  for (let index = 1; index < points.length - 1; index += 1) {
    const rising = fitLine(xs.slice(0, index + 1), ys.slice(0, index + 1));
    const tail = fitLine(xs.slice(index), ys.slice(index));
    if (best === null || rising.sse + tail.sse < best.rising.sse + best.tail.sse) best = { rising, tail, index };
  }
  const { rising, tail, index } = best!;
  if (!(rising.slope > 0) || tail.slope > 0.25 * rising.slope) return none('throughput does not flatten: the tail still rises faster than a quarter of the rising slope');
  if (rising.sse + tail.sse > 0.5 * single.sse) return none('two lines do not fit at least 50 % better than one');
  const fitAtBreak = rising.intercept + rising.slope * xs[index]!;
  if (fitAtBreak < 0.85) return none(`the breakpoint reaches only ${Math.round(fitAtBreak * 100)} % of the peak (85 % needed)`);
  const crossX = (tail.intercept - rising.intercept) / (rising.slope - tail.slope);
  return { definition: 'two-segment fit of output tok/s (GuideLLM)', users: crossX * maxUsers, peakOutputTokensPerS: peak, fractionOfPeak: fitAtBreak, reason: null };
}

/** §A6 def. 3: the first load where median TTFT ≥ 2 × its one-user value or median TPOT ≥ 1.5 ×. */
export function latencyKnee(points: readonly CurvePoint[]): LatencyKnee {
  const definition = 'latency inflation (TTFT ×2 or TPOT ×1.5 over one user)' as const;
  const baseline = points.find((point) => point.users === 1);
  if (baseline === undefined) return { definition, users: null, metric: null };
  for (const point of points) {
    if (baseline.ttftP50Ms !== null && point.ttftP50Ms !== null && point.ttftP50Ms >= 2 * baseline.ttftP50Ms) return { definition, users: point.users, metric: 'ttft' };
    if (baseline.tpotP50Ms !== null && point.tpotP50Ms !== null && point.tpotP50Ms >= 1.5 * baseline.tpotP50Ms) return { definition, users: point.users, metric: 'tpot' };
  }
  return { definition, users: null, metric: null };
}

/** The breaking point: the first measured load where more than 10 % of requests failed. */
export function breakingPoint(points: readonly CurvePoint[]): BreakingPoint {
  const broken = points.find((point) => point.errorRate > 0.1);
  const highestMeasuredUsers = Math.max(0, ...points.map((point) => point.users));
  return { users: broken?.users ?? null, errorRate: broken?.errorRate ?? null, highestMeasuredUsers };
}
