import { parseThresholds } from '../../../src-shared/metrics/thresholds';
import type { CapacityPreset } from '../../../src-shared/schemas/capacity';
import type { DiagnosisGoal, DiagnosisStepName } from '../../../src-shared/schemas/diagnosis';
import { fidelityPresets } from './capacity/fidelity';

/** End-to-end time of one request at 1 user and with every slot busy, timed by the preflight's canary. */
export interface CanarySpeed {
  e2eOneMs: number;
  /** With `slots` requests at once; null when the slot count is unknown (then 1 user's speed is assumed to scale). */
  e2eSlotsMs: number | null;
  slots: number;
}

/**
 * No probe stops before this, even when its verdict is certain: the server is scraped once a
 * second, and the queue and occupancy rules (diagnosis-rules.md C7, C9) need about ten scrapes
 * of the steady load, not three that include its start and end (rule of thumb).
 */
export const minProbeSteadyS = 10;
/** Seconds the preflight takes besides its canary: the generator's self-test (2 s) and the reads. */
const preflightOverheadS = 5;
/** Seconds a probe costs beyond its load: its start, its end, and reading its files back (measured on the demo: about 0.3 s). */
const probeOverheadS = 0.5;
/** p95 over mean end-to-end time under a steady closed loop (rule of thumb for the estimate only). */
const p95OverMean = 1.25;
/** The search refines at most this many times before it confirms (tuning-loop.md §A5: 2–3 refinements typically). */
const maxRefinements = 3;

/**
 * Mean end-to-end time at `users` closed-loop users: from one user's to the slots-full one's
 * (batching slows each stream a little), then queueing past the slots (each extra user waits
 * for a slot: E2E grows with users / slots).
 */
function e2eAtMs(users: number, speed: CanarySpeed): number {
  const full = speed.e2eSlotsMs ?? speed.e2eOneMs;
  if (users >= speed.slots) return full * (users / speed.slots);
  const share = speed.slots <= 1 ? 1 : (users - 1) / (speed.slots - 1);
  return speed.e2eOneMs + (full - speed.e2eOneMs) * share;
}

/** Seconds one probe of `requests` requests at `users` users takes (Little's law: completions/s = users / E2E), at least the steady minimum. */
export function probeSeconds(users: number, requests: number, speed: CanarySpeed): number {
  const perS = users / (e2eAtMs(users, speed) / 1000);
  return probeOverheadS + Math.max(minProbeSteadyS, (requests + users) / perS);
}

/**
 * How far over its limit the goal's tightest SLO is predicted at `users` (ln of predicted / limit,
 * as the search's margin): E2E from the canary, TTFT as one user's share of it plus the queue
 * past the slots, TPOT as the slots-full E2E over the answer's tokens. Negative: it holds.
 */
function predictedMargin(users: number, input: { goal: DiagnosisGoal; speed: CanarySpeed }): number {
  const { goal, speed } = input;
  const tokens = goal.workload.maxTokens;
  const e2e = e2eAtMs(users, speed);
  const batchE2e = e2eAtMs(Math.min(users, speed.slots), speed);
  const predicted: Record<string, number> = { e2e, ttft: speed.e2eOneMs / tokens + Math.max(0, e2e - batchE2e), tpot: batchE2e / tokens };
  const margins = parseThresholds(goal.slo).thresholds.flatMap((threshold) => {
    const value = predicted[threshold.metric];
    return value === undefined || threshold.limit <= 0 ? [] : [Math.log((value * p95OverMean) / threshold.limit)];
  });
  return margins.length === 0 ? -Infinity : Math.max(...margins);
}

/**
 * The probes the capacity search is expected to make (tuning-loop.md §A5), predicted from the
 * canary: seeded at the slots, ×4 while far inside the SLO and ×2 near it, up to the first
 * predicted failure or the ceiling; then a few refinements and one confirmation.
 */
function expectedProbes(input: { goal: DiagnosisGoal; speed: CanarySpeed }): Array<{ users: number; stage: 'bracket' | 'refine' | 'confirm' }> {
  const ceiling = input.goal.maxUsers;
  const probes: Array<{ users: number; stage: 'bracket' | 'refine' | 'confirm' }> = [];
  let users = Math.min(ceiling, Math.max(1, input.speed.slots));
  for (;;) {
    probes.push({ users, stage: 'bracket' });
    const margin = predictedMargin(users, input);
    if (margin >= 0) break;
    if (users >= ceiling) return probes;
    users = Math.min(ceiling, users * (margin < -1 ? 4 : 2));
  }
  const refinements = Math.min(maxRefinements, Math.ceil(Math.log2(Math.max(2, users / 2))));
  for (let index = 0; index < refinements; index += 1) probes.push({ users: Math.max(1, Math.round(users * 0.75)), stage: 'refine' });
  probes.push({ users: Math.max(1, Math.round(users * 0.75)), stage: 'confirm' });
  return probes;
}

/**
 * The time each step of a diagnosis is expected to take, shown before it starts (issue #13):
 * from the canary's speeds, the search the goal's SLO predicts, and the preset's request counts
 * (fidelity.ts). A rule-of-thumb model; the page shows it beside the time each step really took.
 */
export function estimateSteps(input: { goal: DiagnosisGoal; speed: CanarySpeed }): Record<DiagnosisStepName, number> {
  const { goal, speed } = input;
  const { stages } = fidelityPresets[goal.fidelity satisfies CapacityPreset];
  const baseline = probeSeconds(1, stages.bracket.minRequests, speed);
  const capacity = expectedProbes(input).reduce((sum, probe) => sum + probeSeconds(probe.users, stages[probe.stage].minRequests, speed), 0);
  // Verify: a restart, then A B A B A B at the capacity load, 30 requests each (diagnosis-rules.md §0.4), and a restart back when rejected.
  const verify = goal.verify === 'top' ? 2 * 20 + 6 * probeSeconds(speed.slots, 30, speed) : 0;
  return { goal: 0, preflight: preflightOverheadS, baseline, capacity, findings: 1, recommendations: 0, verify, report: 0 };
}
