import type { CapacityPreset } from '../../../src-shared/schemas/capacity';
import type { DiagnosisStepName } from '../../../src-shared/schemas/diagnosis';
import { fidelityPresets } from './capacity/fidelity';

/** End-to-end time of one request at 1 user and with every slot busy, timed by the preflight's canary. */
export interface CanarySpeed {
  e2eOneMs: number;
  /** With `slots` requests at once; null when the slot count is unknown (then 1 user's speed is assumed to scale). */
  e2eSlotsMs: number | null;
  slots: number;
}

/** Seconds the preflight takes besides its canary: the generator's self-test (2 s) and the reads. */
const preflightOverheadS = 5;
/** Seconds a probe costs beyond its requests: the run's start, its endpoint check, its end and reading its files back. */
const probeOverheadS = 2.5;

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

/** Seconds one probe of `requests` requests at `users` users takes (Little's law: completions/s = users / E2E). */
export function probeSeconds(users: number, requests: number, speed: CanarySpeed): number {
  const perS = users / (e2eAtMs(users, speed) / 1000);
  return probeOverheadS + (requests + users) / perS;
}

/**
 * The probes a capacity search is expected to make when its answer lies near the slot count
 * (tuning-loop.md §A5: seeded at the slots, bracketed once each way, refined two or three
 * times, confirmed once); the baseline at 1 user is the baseline step's.
 */
function expectedProbes(slots: number, maxUsers: number): Array<{ users: number; stage: 'bracket' | 'refine' | 'confirm' }> {
  const at = (users: number): number => Math.max(1, Math.min(maxUsers, Math.round(users)));
  return [
    { users: at(slots), stage: 'bracket' },
    { users: at(slots * 2), stage: 'bracket' },
    { users: at(slots * 1.5), stage: 'refine' },
    { users: at(slots * 1.25), stage: 'refine' },
    { users: at(slots), stage: 'confirm' },
  ];
}

/**
 * The time each step of a diagnosis is expected to take, shown before it starts (issue #13):
 * from the canary's speeds and the preset's request counts (fidelity.ts). A rule-of-thumb model,
 * re-estimated as probes measure the real curve.
 */
export function estimateSteps(input: { speed: CanarySpeed; preset: CapacityPreset; maxUsers: number; verify: boolean }): Record<DiagnosisStepName, number> {
  const { stages } = fidelityPresets[input.preset];
  const baseline = probeSeconds(1, stages.bracket.minRequests, input.speed);
  const capacity = expectedProbes(input.speed.slots, input.maxUsers).reduce((sum, probe) => sum + probeSeconds(probe.users, stages[probe.stage].minRequests, input.speed), 0);
  // Verify: a restart, then A B A B A B at the capacity load, 30 requests each (diagnosis-rules.md §0.4), and a restart back when rejected.
  const verify = input.verify ? 2 * 20 + 6 * probeSeconds(input.speed.slots, 30, input.speed) : 0;
  return { goal: 0, preflight: preflightOverheadS, baseline, capacity, findings: 1, recommendations: 0, verify, report: 0 };
}
