import type { CapacityOutcome, CapacityResult, CapacitySearchState, UnresolvedProbe } from '../../../../src-shared/schemas/capacity';
import { parseCapacitySlos } from './capacity-slos';
import { judgeLoads, searchBounds } from './search-bounds';

/**
 * The search's result for an outcome (tuning-loop.md §A5 step 8, §A7's rules): the bracket, the
 * binding SLO, the probes and seconds used, every unresolved probe, and "at least" whenever the
 * capacity is only a lower bound (a budget, a ceiling, an unstable region, the generator as the
 * bottleneck, or an unresolved probe that might have passed).
 */
export function capacityResult(state: CapacitySearchState, outcome: CapacityOutcome): CapacityResult {
  const { probes, options } = state;
  const invalidIndex = probes.findIndex((probe) => probe.judgement.verdict === 'invalid');
  const valid = invalidIndex < 0 ? probes : probes.slice(0, invalidIndex);
  const judging = { slos: parseCapacitySlos(options.slo).slos, confidence: options.confidence };
  const bounds = searchBounds(valid, judging);
  const loads = judgeLoads(valid, judging);
  const capacityUsers = bounds.passUsers ?? 0;
  const failUsers = outcome === 'client-bound' ? (bounds.failUsers ?? probes[invalidIndex]!.users) : bounds.failUsers;
  const bindingLoad = (failUsers === null ? undefined : loads.get(failUsers)) ?? loads.get(capacityUsers);
  const unresolvedProbes: UnresolvedProbe[] = probes.flatMap((probe, index) => (probe.judgement.verdict === 'unresolved' ? [{ index, users: probe.users, stage: probe.stage }] : []));
  const isAtLeast = (outcome !== 'found' && outcome !== 'unattainable') || unresolvedProbes.length > 0;
  const unstableRange = outcome === 'unstable' && bounds.inversion !== null ? { lowUsers: bounds.inversion.failUsers, highUsers: bounds.inversion.passUsers } : null;
  const result: CapacityResult = {
    outcome,
    capacityUsers,
    failUsers,
    bindingSlo: bindingLoad?.bindingSlo ?? null,
    isAtLeast,
    probesUsed: probes.length,
    secondsUsed: probes.reduce((sum, probe) => sum + probe.durationS, 0),
    unresolvedProbes,
    unstableRange,
    isIndicative: options.preset === 'quick',
    notes: [],
  };
  return { ...result, notes: resultNotes(state, result) };
}

function usersList(users: readonly number[]): string {
  return [...new Set(users)].sort((left, right) => left - right).join(', ');
}

function resultNotes(state: CapacitySearchState, result: CapacityResult): string[] {
  const { options, probes } = state;
  const notes: string[] = [];
  const invalid = probes.find((probe) => probe.judgement.verdict === 'invalid');
  const outcomeNotes: Record<CapacityOutcome, string> = {
    found: `the bracket closed at ${result.capacityUsers}–${result.failUsers ?? '?'} users and ${result.capacityUsers} was confirmed`,
    'lower-bound-only': `the budget (${options.maxProbes} probes, ${options.maxSeconds} s) was spent before the search finished: ${result.capacityUsers} users is a lower bound only`,
    'at-least-max': `every probe passed up to the ceiling of ${options.maxUsers} users: the capacity is at least that (the generator's or the configured ceiling), not measured beyond it`,
    unattainable: result.unresolvedProbes.some((probe) => probe.users === 1) ? 'the SLO was not shown to hold even at one user (the probe was unresolved)' : 'the SLO does not hold even at one user',
    'client-bound': `the load generator was the bottleneck at ${invalid?.users ?? '?'} users: the result is invalid above ${result.capacityUsers} users`,
    unstable: `passes and fails alternate between ${result.unstableRange?.lowUsers ?? '?'} and ${result.unstableRange?.highUsers ?? '?'} users after re-probing both: an unstable region; the capacity given is the highest pass below it`,
  };
  notes.push(outcomeNotes[result.outcome]);
  if (result.unresolvedProbes.length > 0) {
    notes.push(`unresolved probes at ${usersList(result.unresolvedProbes.map((probe) => probe.users))} users counted as not passing: the capacity is at least ${result.capacityUsers}`);
  }
  if (result.isIndicative) notes.push('quick preset: the figures are indicative (§A3)');
  return notes;
}
