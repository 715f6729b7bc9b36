import { wilsonInterval } from '../../../../src-shared/metrics/stats/wilson';
import type { CapacitySlo, ProbeJudgement, ProbeRequestCounts, ProbeVerdict, SloJudgement } from '../../../../src-shared/schemas/capacity';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';
import { countSlo, judgedRequests, type SloCount } from './attainment';
import { generatorLimit, type ProbeClientHealth } from './generator-limit';

export interface JudgeOptions {
  slos: readonly CapacitySlo[];
  /** Confidence of the Wilson bounds (0.95). */
  confidence: number;
  /** The run summary's client health; a run the generator limited makes the probe invalid (§A9, generator-limit.ts). */
  clientHealth?: ProbeClientHealth | null;
}

/**
 * Judges one probe from its request records (tuning-loop.md §A3). Each latency SLO holds when
 * the one-sided Wilson lower bound of its attainment reaches the target, is breached when the
 * upper bound falls below it, and is unresolved in between. The error-rate SLO is judged on its
 * observed rate, over the limit → breached: proving "errors < 1 %" at 95 % needs about 300
 * clean requests, more than a quick probe has, and every error already counts against each
 * latency SLO's attainment. Verdict: invalid when the generator was the bottleneck, else fail
 * when any SLO is breached, unresolved when any is unresolved (never a pass), else pass.
 */
export function judgeProbe(records: readonly RequestRecord[], options: JudgeOptions): ProbeJudgement {
  const requests = judgedRequests(records);
  const slos = options.slos.map((slo) => judgeSloCount(slo, { count: countSlo(requests, slo), confidence: options.confidence }));
  const judgement = combineJudgements(slos);
  const generator = generatorLimit(options.clientHealth, options.slos);
  if (generator.isInvalid) {
    const why = generator.reasons.join('; ') || 'client limited';
    return { ...judgement, verdict: 'invalid', reasons: [`the load generator was the bottleneck (${why}): this probe says nothing about the server`, ...judgement.reasons] };
  }
  const notes = generator.notes.map((note) => `not enough to doubt the verdict: ${note}`);
  return notes.length === 0 ? judgement : { ...judgement, reasons: [...judgement.reasons, ...notes] };
}

/** Judges one SLO from its counts (its Wilson bounds and interval, and its state). */
export function judgeSloCount(slo: CapacitySlo, { count, confidence }: { count: SloCount; confidence: number }): SloJudgement {
  const bounds = wilsonInterval(count.good, count.determined, { confidence, sides: 1 });
  const interval = wilsonInterval(count.good, count.determined, { confidence, sides: 2 });
  const attainment = count.determined === 0 ? null : count.good / count.determined;
  return { source: slo.source, metric: slo.metric, target: slo.target, ...count, attainment, bounds, interval, state: sloState(slo, { attainment, bounds }) };
}

/** The verdict of judged SLOs: fail when any is breached, unresolved when any is unresolved, else pass. */
export function combineJudgements(slos: SloJudgement[]): ProbeJudgement {
  let verdict: ProbeVerdict = 'pass';
  if (slos.some((slo) => slo.state === 'unresolved')) verdict = 'unresolved';
  if (slos.some((slo) => slo.state === 'breached')) verdict = 'fail';
  return { verdict, slos, bindingSlo: bindingSlo(slos), reasons: slos.filter((slo) => slo.state !== 'holds').map(describeSlo) };
}

function sloState(slo: CapacitySlo, { attainment, bounds }: { attainment: number | null; bounds: { low: number; high: number } }): SloJudgement['state'] {
  if (attainment === null) return 'unresolved';
  if (slo.metric === 'error_rate') {
    const errorRate = 1 - attainment;
    const isOver = slo.isInclusive ? errorRate > slo.limit : errorRate >= slo.limit && errorRate > 0;
    return isOver ? 'breached' : 'holds';
  }
  if (bounds.low >= slo.target) return 'holds';
  if (bounds.high < slo.target) return 'breached';
  return 'unresolved';
}

/** The SLO nearest to failing: the largest margin, a breached one first. */
function bindingSlo(slos: readonly SloJudgement[]): string | null {
  const order = { breached: 0, unresolved: 1, holds: 2 } as const;
  const sorted = [...slos].sort((left, right) => order[left.state] - order[right.state] || (right.margin ?? -Infinity) - (left.margin ?? -Infinity));
  return sorted[0]?.source ?? null;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function describeSlo(slo: SloJudgement): string {
  const met = slo.attainment === null ? 'nothing was measured' : `${percent(slo.attainment)} of ${slo.determined} requests met it`;
  const bounds = `one-sided bounds ${percent(slo.bounds.low)}–${percent(slo.bounds.high)}`;
  return `${slo.source} ${slo.state}: ${met} (${bounds}; needs ${percent(slo.target)})`;
}

/**
 * The sequential check a runner makes while a probe runs (§A3, "every 5 s"): a judgement once it
 * can stop, null to keep measuring. A latency SLO breached stops it after half of `minRequests`
 * (its Wilson upper bound already says fail, but requests in one run are correlated, §A4, and
 * the first ones after the warm-up the most); a pass needs at least `minRequests`; an error-rate breach counts
 * only after `minRequests` (the grace period); at `maxRequests` the probe ends with whatever it
 * is, an unresolved one included.
 */
export function decideProbeSoFar(records: readonly RequestRecord[], options: JudgeOptions & { requests: ProbeRequestCounts }): ProbeJudgement | null {
  const judgement = judgeProbe(records, options);
  const measured = judgedRequests(records).length;
  if (measured >= options.requests.maxRequests) return judgement;
  const isLatencyBreach = judgement.slos.some((slo) => slo.state === 'breached' && slo.metric !== 'error_rate');
  if (isLatencyBreach && measured >= options.requests.minRequests / 2) return judgement;
  if (measured < options.requests.minRequests) return null;
  return judgement.verdict === 'pass' || judgement.verdict === 'fail' ? judgement : null;
}
