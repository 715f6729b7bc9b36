import { AppError } from '../../../../src-shared/errors';
import {
  CapacitySearchOptions,
  type CapacityOutcome,
  type CapacityProbe,
  type CapacitySearchInput,
  type CapacitySearchState,
  type CapacitySlo,
  type NextProbe,
  type ProbePurpose,
  type ProbeStage,
} from '../../../../src-shared/schemas/capacity';
import { parseCapacitySlos } from './capacity-slos';
import { fidelityPresets } from './fidelity';
import { capacityResult } from './search-result';
import { bindingMargin, judgeLoads, probesAt, searchBounds, type LoadJudging } from './search-bounds';
import { refineUsers } from './refine-step';

/*
 * The capacity search of tuning-loop.md §A5 as a pure state machine: no I/O, no timers. The
 * state is its options and the probes so far, plain JSON; every decision is derived from them,
 * so a saved state (or its probes replayed through recordProbe) resumes exactly where it stopped.
 */

/**
 * Starts a search: checks the options and their SLOs (every problem at once, as an
 * `invalid_input` AppError) and returns the state with no probes.
 */
export function startCapacitySearch(input: CapacitySearchInput): CapacitySearchState {
  const parsed = CapacitySearchOptions.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', `capacity search options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const { problems } = parseCapacitySlos(parsed.data.slo);
  if (problems.length > 0) throw new AppError('invalid_input', `capacity SLO: ${problems.join('; ')}`);
  return { version: 1, options: parsed.data, probes: [] };
}

/** The SLOs of a search as attainment tests, for judging its probes (judgeProbe). */
export function searchSlos(state: CapacitySearchState): CapacitySlo[] {
  return parseCapacitySlos(state.options.slo).slos;
}

/** How the search judges a load: its SLOs at its confidence. */
export function searchJudging(state: CapacitySearchState): LoadJudging {
  return { slos: searchSlos(state), confidence: state.options.confidence };
}

/**
 * What to do next: a probe (users, stage, why, its request counts) or the end with the result.
 * Pure: the same state always gives the same answer.
 */
export function nextProbe(state: CapacitySearchState): NextProbe {
  const { options, probes } = state;
  const ask = (users: number, purpose: ProbePurpose): NextProbe => askFor(state, { users, purpose });
  const invalidIndex = probes.findIndex((probe) => probe.judgement.verdict === 'invalid');
  if (invalidIndex >= 0) return finish(state, 'client-bound');
  if (probes.length === 0) return ask(1, 'baseline');
  const bounds = searchBounds(probes, searchJudging(state));
  if (bounds.passUsers === null && bounds.inversion === null) return finish(state, 'unattainable');
  if (bounds.inversion !== null) {
    const recheck = [bounds.inversion.failUsers, bounds.inversion.passUsers].find((users) => probesAt(probes, users).length < 2);
    if (recheck === undefined) return finish(state, 'unstable');
    return isBudgetSpent(state) ? finish(state, 'lower-bound-only') : ask(recheck, 'recheck');
  }
  const passUsers = bounds.passUsers!;
  const failUsers = bounds.failUsers;
  if (failUsers === null && passUsers >= options.maxUsers) return finish(state, 'at-least-max');
  const isNarrow = failUsers !== null && (failUsers - passUsers <= 1 || (failUsers - passUsers) / failUsers <= options.relativeWidth);
  if (isNarrow && confirmationsAt(state, passUsers) >= fidelityPresets[options.preset].confirmRuns) return finish(state, 'found');
  if (isBudgetSpent(state)) return finish(state, 'lower-bound-only');
  if (failUsers !== null && isCoarseUnresolved(probesAt(probes, failUsers))) return ask(failUsers, 'recheck');
  if (isNarrow) return ask(passUsers, 'confirm');
  if (failUsers === null) return ask(...growBracket(state, passUsers));
  if (failUsers / passUsers >= 4) return ask(Math.round(failUsers / 2), 'halve');
  return ask(refineUsers(probes, { passUsers, failUsers }), 'refine');
}

const stageOf: Record<ProbePurpose, ProbeStage> = {
  baseline: 'bracket',
  seed: 'bracket',
  bracket: 'bracket',
  halve: 'bracket',
  refine: 'refine',
  recheck: 'refine',
  confirm: 'confirm',
};

function askFor(state: CapacitySearchState, { users, purpose }: { users: number; purpose: ProbePurpose }): NextProbe {
  const stage = stageOf[purpose];
  return { kind: 'probe', users, stage, purpose, requests: fidelityPresets[state.options.preset].stages[stage] };
}

function finish(state: CapacitySearchState, outcome: CapacityOutcome): NextProbe {
  return { kind: 'done', result: capacityResult(state, outcome) };
}

/**
 * §A5 steps 2–3: after the baseline, seed at the server's slot count (else 2 users, doubling from
 * one); then ×2 per passing probe, ×4 while the nearest SLO is far (margin < −1, its quantile
 * under 37 % of the limit); capped at maxUsers.
 */
function growBracket(state: CapacitySearchState, passUsers: number): [number, ProbePurpose] {
  const { options, probes } = state;
  const cap = (users: number): number => Math.max(2, Math.min(options.maxUsers, users));
  if (probes.every((probe) => probe.users === 1)) return [cap(options.totalSlots ?? 2), 'seed'];
  const judgement = judgeLoads(probes, searchJudging(state)).get(passUsers);
  const margin = judgement === undefined ? null : bindingMargin(judgement);
  return [cap(passUsers * (margin !== null && margin < -1 ? 4 : 2)), 'bracket'];
}

/**
 * An upper bound that rests only on coarse unresolved probes (bracket fidelity, none a fail): at
 * most a bracket probe's requests, it says "marginal", not "fails". Before the search refines
 * against it, it gets one probe at refining fidelity, as every bound of the final bracket should
 * (§A5 steps 3–4: bracket coarse, refine fine); otherwise refine probes crawl up to it.
 */
function isCoarseUnresolved(probes: readonly CapacityProbe[]): boolean {
  return probes.every((probe) => probe.stage === 'bracket' && probe.judgement.verdict === 'unresolved');
}

/** Confirm-stage probes at a load (which still passes on all its pooled evidence, or it would not be x_pass). */
function confirmationsAt(state: CapacitySearchState, users: number): number {
  return probesAt(state.probes, users).filter((probe) => probe.stage === 'confirm').length;
}

/** §A5 "stop anywhere": the probe budget or the wall-clock budget is spent. */
function isBudgetSpent(state: CapacitySearchState): boolean {
  const seconds = state.probes.reduce((sum, probe) => sum + probe.durationS, 0);
  return state.probes.length >= state.options.maxProbes || seconds >= state.options.maxSeconds;
}

/**
 * Adds a finished probe. It must be the probe nextProbe asked for (same users and stage): a
 * state that accepted any probe could not be replayed to the same decisions.
 */
export function recordProbe(state: CapacitySearchState, probe: CapacityProbe): CapacitySearchState {
  const next = nextProbe(state);
  if (next.kind === 'done') throw new AppError('conflict', 'the capacity search has finished; it takes no more probes');
  if (next.users !== probe.users || next.stage !== probe.stage) {
    throw new AppError('invalid_input', `the search asked for ${next.users} users at ${next.stage} fidelity, not ${probe.users} at ${probe.stage}`);
  }
  return { ...state, probes: [...state.probes, probe] };
}

/** Rebuilds a search from its options and saved probes, checking each against what it asked for. */
export function replayCapacitySearch(input: CapacitySearchInput, probes: readonly CapacityProbe[]): CapacitySearchState {
  return probes.reduce(recordProbe, startCapacitySearch(input));
}
