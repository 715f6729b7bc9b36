import type { BoundEvidence, CapacityResult, CapacitySearchState, CapacityStatement } from '../../../../src-shared/schemas/capacity';
import { curveFromProbes, throughputKnee } from './capacity-curve';
import { searchJudging } from './capacity-search';
import { judgeLoads, probesAt } from './search-bounds';

/**
 * tuning-loop.md §A7's confidence statement as data: the capacity and its bracket, the SLOs and
 * the binding one, each SLO's attainment with its interval at both bounds (all requests at that
 * load pooled), throughput at the capacity, the throughput knee, probes and seconds used, and
 * every unresolved probe. "At least" whenever the result says so.
 */
export function capacityStatement(state: CapacitySearchState, result: CapacityResult): CapacityStatement {
  const loads = judgeLoads(state.probes, searchJudging(state));
  const evidence = (users: number | null): BoundEvidence | null => {
    const judgement = users === null ? undefined : loads.get(users);
    if (users === null || judgement === undefined) return null;
    const requests = probesAt(state.probes, users).reduce((sum, probe) => sum + probe.requests, 0);
    return { users, verdict: judgement.verdict, requests, slos: judgement.slos.map((slo) => ({ source: slo.source, attainment: slo.attainment, interval: slo.interval })) };
  };
  const curve = curveFromProbes(state.probes);
  const atCapacity = curve.find((point) => point.users === result.capacityUsers);
  return {
    outcome: result.outcome,
    capacityUsers: result.capacityUsers,
    isAtLeast: result.isAtLeast,
    isIndicative: result.isIndicative,
    slos: searchJudging(state).slos.map((slo) => slo.source),
    bindingSlo: result.bindingSlo,
    confidence: state.options.confidence,
    atPass: evidence(result.capacityUsers === 0 ? null : result.capacityUsers),
    atFail: evidence(result.failUsers),
    requestsPerS: atCapacity?.requestsPerS ?? null,
    outputTokensPerS: atCapacity?.outputTokensPerS ?? null,
    knee: throughputKnee(curve),
    probesUsed: result.probesUsed,
    secondsUsed: result.secondsUsed,
    unresolvedUsers: [...new Set(result.unresolvedProbes.map((probe) => probe.users))].sort((left, right) => left - right),
    unstableRange: result.unstableRange,
    notes: result.notes,
  };
}

const pct = (value: number): string => `${(value * 100).toFixed(1)} %`;

function describeBound(bound: BoundEvidence, confidence: number): string {
  const slos = bound.slos.map((slo) => `${slo.source}: ${slo.attainment === null ? 'not measured' : pct(slo.attainment)} (${Math.round(confidence * 100)} % CI ${pct(slo.interval.low)}–${pct(slo.interval.high)})`);
  return `At ${bound.users} users, of ${bound.requests} requests — ${slos.join('; ')} — ${bound.verdict}.`;
}

/** The statement as the sentences §A7 prints: capacity first, then the evidence, then the caveats. */
export function describeCapacity(statement: CapacityStatement): string {
  const atLeast = statement.isAtLeast ? 'at least ' : '';
  const rate = statement.requestsPerS === null ? '' : ` (≈ ${statement.requestsPerS.toFixed(2)} req/s, ${Math.round(statement.outputTokensPerS ?? 0)} output tok/s)`;
  const head = statement.capacityUsers === 0
    ? `Capacity: none — ${statement.notes[0] ?? 'the SLO does not hold at one user'}.`
    : `Capacity: ${atLeast}${statement.capacityUsers} concurrent users${rate} for ${statement.slos.join(', ')}.`;
  const sentences = [head];
  if (statement.atPass !== null) sentences.push(describeBound(statement.atPass, statement.confidence));
  if (statement.atFail !== null) sentences.push(describeBound(statement.atFail, statement.confidence));
  if (statement.bindingSlo !== null) sentences.push(`Binding SLO: ${statement.bindingSlo}.`);
  if (statement.atFail !== null && statement.atPass !== null) sentences.push(`Resolution ±${statement.atFail.users - statement.atPass.users} users.`);
  if (statement.knee?.users != null) sentences.push(`Throughput knee ≈ ${statement.knee.users.toFixed(1)} users (${pct(statement.knee.fractionOfPeak ?? 0)} of the ${Math.round(statement.knee.peakOutputTokensPerS)} tok/s peak).`);
  sentences.push(`${statement.probesUsed} probes, ${Math.round(statement.secondsUsed / 60)} min.`);
  if (statement.unresolvedUsers.length > 0) sentences.push(`Unresolved probes (counted as not passing) at ${statement.unresolvedUsers.join(', ')} users.`);
  return [...sentences, ...statement.notes.slice(1).map((note) => `${note.charAt(0).toUpperCase()}${note.slice(1)}.`)].join(' ');
}
