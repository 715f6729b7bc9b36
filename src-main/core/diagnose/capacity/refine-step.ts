import type { CapacityProbe } from '../../../../src-shared/schemas/capacity';
import { fitPchip, isotonicFit, pchipRoot, type WeightedPoint } from './monotone-fit';

/** The inner share of the bracket (in log users) a refine probe may land in (§A5 step 4). */
const innerShare = 0.7;

/**
 * The next concurrency inside the bracket (pass, fail) (tuning-loop.md §A5 step 4): for each SLO,
 * the margins of every probe so far against ln(users), made non-decreasing by PAVA and joined by
 * a PCHIP; the lowest root over the SLOs is the estimate. It is clamped to the inner 70 % of the
 * bracket in log space (the bisection safeguard: a poor fit cannot waste a probe at an edge), or
 * is the log-space midpoint when no SLO's curve crosses zero inside. Rounded to whole users,
 * strictly inside the bracket; the caller ensures fail − pass ≥ 2.
 */
export function refineUsers(probes: readonly CapacityProbe[], bracket: { passUsers: number; failUsers: number }): number {
  const low = Math.log(bracket.passUsers);
  const high = Math.log(bracket.failUsers);
  const roots = sloSources(probes)
    .map((source) => sloRoot(marginPoints(probes, source), { low, high }))
    .filter((root): root is number => root !== null);
  const estimate = roots.length === 0 ? (low + high) / 2 : Math.min(...roots);
  const edge = ((1 - innerShare) / 2) * (high - low);
  const clamped = Math.min(high - edge, Math.max(low + edge, estimate));
  return Math.min(bracket.failUsers - 1, Math.max(bracket.passUsers + 1, Math.round(Math.exp(clamped))));
}

function sloSources(probes: readonly CapacityProbe[]): string[] {
  return [...new Set(probes.flatMap((probe) => probe.judgement.slos.map((slo) => slo.source)))];
}

/** One point per concurrency: the request-weighted mean margin of every probe at it. */
function marginPoints(probes: readonly CapacityProbe[], source: string): WeightedPoint[] {
  const byUsers = new Map<number, { sum: number; weight: number }>();
  for (const probe of probes) {
    if (probe.judgement.verdict === 'invalid') continue;
    const slo = probe.judgement.slos.find((candidate) => candidate.source === source);
    if (slo === undefined || slo.margin === null) continue;
    const weight = Math.max(1, slo.determined);
    const entry = byUsers.get(probe.users) ?? { sum: 0, weight: 0 };
    byUsers.set(probe.users, { sum: entry.sum + slo.margin * weight, weight: entry.weight + weight });
  }
  return [...byUsers.entries()]
    .sort(([left], [right]) => left - right)
    .map(([users, entry]) => ({ x: Math.log(users), y: entry.sum / entry.weight, weight: entry.weight }));
}

function sloRoot(points: readonly WeightedPoint[], range: { low: number; high: number }): number | null {
  if (points.length < 2) return null;
  const smoothed = isotonicFit(points);
  return pchipRoot(fitPchip(points.map((point) => point.x), smoothed), range);
}
