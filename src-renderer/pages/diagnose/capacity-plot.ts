import type { CapacityProbe, CurvePoint, ProbeVerdict, SloJudgement } from '../../../src-shared/schemas/capacity';
import type { DiagnosisCapacity } from '../../../src-shared/schemas/diagnosis';
import { formatNumber, formatPercent } from '../../../src-shared/format/numbers';

/** What the capacity chart draws, before any colour: the curve, each probe at its verdict, the marked loads. */
export interface CapacityPlot {
  /** By users, ascending. */
  curve: CurvePoint[];
  probes: Array<{ users: number; outputTokensPerS: number; verdict: ProbeVerdict; label: string }>;
  /** Vertical lines at users: the capacity, the throughput knee, the latency knee, the breaking point. */
  markers: Array<{ x: number; label: string }>;
}

/**
 * The curve the search saved, or, while it still runs, one point per probe so far (the same
 * request-weighted merge is the core's job; a live view only needs the probes in order).
 */
export function capacityPlot(capacity: DiagnosisCapacity): CapacityPlot {
  const probes = capacity.search.probes;
  const curve = capacity.curve ?? [...probes].filter((probe) => probe.judgement.verdict !== 'invalid').sort((a, b) => a.users - b.users).map(pointOfProbe);
  return {
    curve,
    probes: probes.map((probe, index) => ({ users: probe.users, outputTokensPerS: probe.outputTokensPerS, verdict: probe.judgement.verdict, label: `probe ${index + 1} (${probe.stage}): ${probe.judgement.verdict}` })),
    markers: markersOf(capacity),
  };
}

function pointOfProbe(probe: CapacityProbe): CurvePoint {
  const { users, outputTokensPerS, requestsPerS, ttftP50Ms, tpotP50Ms, errorRate } = probe;
  return { users, outputTokensPerS, requestsPerS, ttftP50Ms, tpotP50Ms, errorRate };
}

function markersOf(capacity: DiagnosisCapacity): CapacityPlot['markers'] {
  const markers: CapacityPlot['markers'] = [];
  const result = capacity.result;
  if (result !== undefined && result.capacityUsers > 0) markers.push({ x: result.capacityUsers, label: `capacity ${result.isAtLeast ? '≥ ' : ''}${result.capacityUsers}` });
  if (capacity.knee?.users != null) markers.push({ x: capacity.knee.users, label: `knee ≈ ${formatNumber(capacity.knee.users)}` });
  if (capacity.latencyKnee?.users != null) markers.push({ x: capacity.latencyKnee.users, label: `latency knee (${capacity.latencyKnee.metric?.toUpperCase() ?? ''})` });
  if (capacity.breaking?.users != null) markers.push({ x: capacity.breaking.users, label: 'breaking (errors > 10 %)' });
  return markers;
}

/** One probe as a table row: its load, stage, verdict and each SLO's attainment with its interval. */
export interface ProbeRow {
  index: number;
  users: number;
  stage: CapacityProbe['stage'];
  verdict: ProbeVerdict;
  requests: number;
  attainments: Array<{ source: string; text: string; state: SloJudgement['state'] }>;
  reasons: string[];
  runId: string | undefined;
}

export function probeRows(probes: readonly CapacityProbe[]): ProbeRow[] {
  return probes.map((probe, index) => ({
    index: index + 1,
    users: probe.users,
    stage: probe.stage,
    verdict: probe.judgement.verdict,
    requests: probe.requests,
    attainments: probe.judgement.slos.map((slo) => ({ source: slo.source, text: attainmentText(slo), state: slo.state })),
    reasons: probe.judgement.reasons,
    runId: probe.runId,
  }));
}

/** "96 % (91–98 %) of 95 %": the attainment, its two-sided Wilson interval, and the target it is held to. */
export function attainmentText(slo: Pick<SloJudgement, 'attainment' | 'interval' | 'target' | 'determined'>): string {
  if (slo.attainment === null) return 'not measured';
  return `${percentOf(slo.attainment)} (${percentOf(slo.interval.low)}–${percentOf(slo.interval.high)}) of ${percentOf(slo.target)} needed, n = ${slo.determined}`;
}

/** Whole percents hide a 99.4 % against a 99 % target: one decimal above 90 %, rounded down so a near miss never reads as met. */
function percentOf(fraction: number): string {
  return fraction >= 0.9 && fraction < 1 ? `${(Math.floor(fraction * 1000) / 10).toFixed(1)} %` : formatPercent(fraction);
}
