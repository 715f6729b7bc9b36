import { describe, expect, it } from 'vitest';
import { breakingPoint, curveFromProbes, latencyKnee, throughputKnee } from '../../../../../src-main/core/diagnose/capacity/capacity-curve';
import type { DiagnosisCapacity } from '../../../../../src-shared/schemas/diagnosis';
import { attainmentText, capacityPlot, probeRows } from '../../../../../src-renderer/pages/diagnose/capacity-plot';
import { runVirtualSearch, virtualScenario } from '../../../../support/virtual-capacity-search';

/** A real search over the demo's cost model (seed 3), saved the way the diagnosis saves it. */
function searched(): DiagnosisCapacity {
  const { state, result } = runVirtualSearch(virtualScenario(3));
  const curve = curveFromProbes(state.probes);
  return { search: state, result, curve, knee: throughputKnee(curve), latencyKnee: latencyKnee(curve), breaking: breakingPoint(curve) };
}

describe('the capacity chart’s data', () => {
  it('draws every probe at its own verdict and marks the capacity found', () => {
    const capacity = searched();
    const plot = capacityPlot(capacity);
    expect(plot.probes).toHaveLength(capacity.search.probes.length);
    expect(plot.probes.map((probe) => probe.verdict)).toEqual(capacity.search.probes.map((probe) => probe.judgement.verdict));
    expect(plot.curve.map((point) => point.users)).toEqual([...plot.curve.map((point) => point.users)].sort((a, b) => a - b));
    expect(plot.markers[0]).toEqual({ x: capacity.result!.capacityUsers, label: `capacity ${capacity.result!.isAtLeast ? '≥ ' : ''}${capacity.result!.capacityUsers}` });
  });

  it('while the search runs, draws the probes so far in order of load, leaving out invalid ones', () => {
    const { search } = searched();
    const [first, second] = search.probes;
    const invalid = { ...second!, users: 99, judgement: { ...second!.judgement, verdict: 'invalid' as const } };
    const plot = capacityPlot({ search: { ...search, probes: [second!, first!, invalid] } });
    expect(plot.curve.map((point) => point.users)).toEqual([first!.users, second!.users].sort((a, b) => a - b));
    expect(plot.probes.map((probe) => probe.verdict).at(-1)).toBe('invalid');
    expect(plot.markers).toEqual([]);
  });
});

describe('the probe table', () => {
  it('numbers the probes in the order they ran, with one attainment per SLO and the run to open', () => {
    const capacity = searched();
    const rows = probeRows(capacity.search.probes.map((probe, index) => ({ ...probe, runId: `run-${index}` })));
    expect(rows.map((row) => row.index)).toEqual(rows.map((_row, index) => index + 1));
    expect(rows[0]?.attainments.map((slo) => slo.source)).toEqual(capacity.search.probes[0]!.judgement.slos.map((slo) => slo.source));
    expect(rows[0]?.runId).toBe('run-0');
  });

  it('prints an attainment with its interval and target, rounding down so a near miss never reads as met', () => {
    expect(attainmentText({ attainment: 0.9496, interval: { low: 0.91, high: 0.972 }, target: 0.95, determined: 200 })).toBe('94.9 % (91.0 %–97.2 %) of 95.0 % needed, n = 200');
    expect(attainmentText({ attainment: 1, interval: { low: 0.8, high: 1 }, target: 0.5, determined: 12 })).toBe('100 % (80 %–100 %) of 50 % needed, n = 12');
    expect(attainmentText({ attainment: null, interval: { low: 0, high: 1 }, target: 0.95, determined: 0 })).toBe('not measured');
  });
});
