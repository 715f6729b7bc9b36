import { describe, expect, it } from 'vitest';
import { estimateSteps, minProbeSteadyS, probeSeconds } from '../../../../src-main/core/diagnose/estimate';
import { DiagnosisGoal } from '../../../../src-shared/schemas/diagnosis';

// Canary speeds of the shape the demo gives on this machine: 50 ms alone, 80 ms with its 4 slots busy.
const fast = { e2eOneMs: 50, e2eSlotsMs: 80, slots: 4 };
const goal = (slo: string, extra: object = {}) => DiagnosisGoal.parse({ preset: 'custom', slo, workload: { maxTokens: 64 }, ...extra });

describe('the time a diagnosis is expected to take', () => {
  it('gives a fast server’s probe the steady minimum, and a slow one the time its requests need', () => {
    expect(probeSeconds(1, 60, fast)).toBeCloseTo(0.5 + minProbeSteadyS, 6);
    // 2 s a request alone: 61 requests one after another.
    expect(probeSeconds(1, 60, { e2eOneMs: 2000, e2eSlotsMs: null, slots: 1 })).toBeCloseTo(0.5 + 122, 6);
  });

  it('expects the search to climb by fours to the ceiling when every load is predicted far inside the SLO', () => {
    const steps = estimateSteps({ goal: goal('e2e_p95<5000', { maxUsers: 64 }), speed: fast });
    // 4, 16 and 64 users: three bracket probes at the steady minimum.
    expect(steps.capacity).toBeCloseTo(3 * (0.5 + minProbeSteadyS), 6);
    expect(steps.baseline).toBeCloseTo(0.5 + minProbeSteadyS, 6);
    expect(steps.verify).toBe(0);
  });

  it('adds refinements and a confirmation when the SLO is predicted to fail below the ceiling', () => {
    const loose = estimateSteps({ goal: goal('e2e_p95<5000', { maxUsers: 64 }), speed: fast }).capacity;
    const tight = estimateSteps({ goal: goal('e2e_p95<400', { maxUsers: 64 }), speed: fast }).capacity;
    expect(tight).toBeGreaterThan(loose);
  });
});
