import { beforeAll, describe, expect, it } from 'vitest';
import { judgeLoad } from '../../../../../src-main/core/diagnose/capacity/load-verdict';
import { searchSlos } from '../../../../../src-main/core/diagnose/capacity/capacity-search';
import { probesAt } from '../../../../../src-main/core/diagnose/capacity/search-bounds';
import { runVirtualSearch, trueCapacity, virtualScenario } from '../../../../support/virtual-capacity-search';

/** Requests per load in the exhaustive sweep: at p95 its attainment is known to about ±0.7 points. */
const truthRequests = 1000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('the capacity search on the demo sim engine (virtual time)', () => {
  let runs: Array<{ scenario: ReturnType<typeof virtualScenario>; truth: number } & ReturnType<typeof runVirtualSearch>> = [];
  beforeAll(() => {
    runs = Array.from({ length: 20 }, (_, index) => {
      const scenario = virtualScenario(index + 1);
      return { scenario, truth: trueCapacity(scenario, truthRequests), ...runVirtualSearch(scenario) };
    });
  });

  it('draws servers whose true capacities differ', () => {
    expect(new Set(runs.map((run) => run.truth)).size).toBeGreaterThanOrEqual(8);
  });

  // 5 % of every true capacity here (≤ 20 users) is under one user, so the tolerance is one user.
  it('finds every capacity within 5 % of the exhaustive sweep, or one user where 5 % is less than one', () => {
    for (const run of runs) {
      const tolerance = Math.max(1, 0.05 * run.truth);
      expect(Math.abs(run.result.capacityUsers - run.truth), `seed ${run.scenario.seed}: found ${run.result.capacityUsers}, truth ${run.truth}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('needs a median of at most 8 probes', () => {
    expect(median(runs.map((run) => run.result.probesUsed))).toBeLessThanOrEqual(8);
  });

  it('reports every unresolved probe and says "at least" when there was one', () => {
    const unresolvedCount = runs.reduce((sum, run) => sum + run.state.probes.filter((probe) => probe.judgement.verdict === 'unresolved').length, 0);
    expect(unresolvedCount).toBeGreaterThan(0);
    for (const run of runs) {
      const unresolved = run.state.probes.flatMap((probe, index) => (probe.judgement.verdict === 'unresolved' ? [index] : []));
      expect(run.result.unresolvedProbes.map((probe) => probe.index)).toEqual(unresolved);
      if (unresolved.length > 0) expect(run.result.isAtLeast).toBe(true);
    }
  });

  it('never rests a capacity on unresolved probes: its load has a probe that passed and pooled bounds that clear every target', () => {
    for (const run of runs) {
      const atCapacity = probesAt(run.state.probes, run.result.capacityUsers);
      expect(atCapacity.some((probe) => probe.judgement.verdict === 'pass')).toBe(true);
      const pooled = judgeLoad(atCapacity, { slos: searchSlos(run.state), confidence: 0.95 });
      for (const slo of pooled.slos) expect(slo.bounds.low).toBeGreaterThanOrEqual(slo.target);
    }
  });
});
