import type { CapacityProbe, CapacitySlo, ProbeJudgement } from '../../../../src-shared/schemas/capacity';
import { judgeLoad } from './load-verdict';

/** How the search judges a load: its SLOs and the confidence of their bounds. */
export interface LoadJudging {
  slos: readonly CapacitySlo[];
  confidence: number;
}

/** Each probed load's pooled judgement (judgeLoad), by users ascending; invalid probes left out. */
export function judgeLoads(probes: readonly CapacityProbe[], judging: LoadJudging): Map<number, ProbeJudgement> {
  const users = [...new Set(probes.filter((probe) => probe.judgement.verdict !== 'invalid').map((probe) => probe.users))].sort((left, right) => left - right);
  return new Map(users.map((load) => [load, judgeLoad(probesAt(probes, load), judging)]));
}

/** What the probes so far say about where the capacity lies. */
export interface SearchBounds {
  /** The highest load that passed, below every load that did not; null when none passed. */
  passUsers: number | null;
  /** The lowest load above passUsers that did not pass (fail or unresolved). */
  failUsers: number | null;
  /** A pass above a non-pass (§A5 step 5): the lowest non-pass and the highest pass above it. */
  inversion: { failUsers: number; passUsers: number } | null;
}

/**
 * The bracket from each load's pooled verdict. Unresolved counts as not passing: it may bound the
 * capacity from above, never from below (§A3).
 */
export function searchBounds(probes: readonly CapacityProbe[], judging: LoadJudging): SearchBounds {
  const loads = [...judgeLoads(probes, judging).entries()];
  const passes = loads.filter(([, judgement]) => judgement.verdict === 'pass').map(([users]) => users);
  const others = loads.filter(([, judgement]) => judgement.verdict !== 'pass').map(([users]) => users);
  const highestPass = passes.length === 0 ? null : Math.max(...passes);
  const lowestOther = others.length === 0 ? null : Math.min(...others);
  if (highestPass !== null && lowestOther !== null && highestPass > lowestOther) {
    const below = passes.filter((users) => users < lowestOther);
    return {
      passUsers: below.length === 0 ? null : Math.max(...below),
      failUsers: lowestOther,
      inversion: { failUsers: lowestOther, passUsers: highestPass },
    };
  }
  return { passUsers: highestPass, failUsers: others.find((users) => highestPass === null || users > highestPass) ?? null, inversion: null };
}

/** Valid probes taken at one load. */
export function probesAt(probes: readonly CapacityProbe[], users: number): CapacityProbe[] {
  return probes.filter((probe) => probe.users === users && probe.judgement.verdict !== 'invalid');
}

/** The largest margin over the SLOs of a judgement: how close its nearest-to-failing SLO came. */
export function bindingMargin(judgement: ProbeJudgement): number | null {
  const margins = judgement.slos.map((slo) => slo.margin).filter((margin): margin is number => margin !== null);
  return margins.length === 0 ? null : Math.max(...margins);
}
