import type { CapacityProbe, CapacitySlo, ProbeJudgement, SloJudgement } from '../../../../src-shared/schemas/capacity';
import { combineJudgements, judgeSloCount } from './probe-verdict';

/**
 * The verdict of one load from every valid probe at it, their requests pooled per SLO (each
 * probe's good and determined counts summed, then one Wilson interval), as MLRsearch (RFC 9971)
 * classifies a load from all its trials. A re-probe or a confirmation adds evidence instead of
 * replacing it. A load passes only when the pooled lower bound clears every target and at least
 * one of its probes passed on its own: probes that were each unresolved never make a pass.
 */
export function judgeLoad(probes: readonly CapacityProbe[], options: { slos: readonly CapacitySlo[]; confidence: number }): ProbeJudgement {
  const valid = probes.filter((probe) => probe.judgement.verdict !== 'invalid');
  const slos = options.slos.map((slo) => judgeSloCount(slo, { count: pooledCount(valid, slo.source), confidence: options.confidence }));
  const judgement = combineJudgements(slos);
  if (judgement.verdict === 'pass' && !valid.some((probe) => probe.judgement.verdict === 'pass')) {
    return { ...judgement, verdict: 'unresolved', reasons: ['no probe at this load passed on its own'] };
  }
  return judgement;
}

function pooledCount(probes: readonly CapacityProbe[], source: string): { good: number; determined: number; margin: number | null } {
  let good = 0;
  let determined = 0;
  let marginSum = 0;
  let marginWeight = 0;
  for (const probe of probes) {
    const slo: SloJudgement | undefined = probe.judgement.slos.find((candidate) => candidate.source === source);
    if (slo === undefined) continue;
    good += slo.good;
    determined += slo.determined;
    if (slo.margin !== null) {
      marginSum += slo.margin * Math.max(1, slo.determined);
      marginWeight += Math.max(1, slo.determined);
    }
  }
  return { good, determined, margin: marginWeight === 0 ? null : marginSum / marginWeight };
}
