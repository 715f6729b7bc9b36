import type { DiagnosisFinding, TriageVerdict } from '../../../src-shared/schemas/diagnosis-findings';
import { ceilingClasses, measurementClasses } from './rules/all-rules';
import { pct, value, type RuleContext, type RuleResult } from './rules/rule';

/** Why the compute the server may use is saturated, in words; null when the evidence does not show it. */
function saturation(context: RuleContext): string | null {
  const { thresholds } = context;
  const [gpu, processCores, threads, budget, cores] = [value(context, 'gpuUtil'), value(context, 'procCores'), value(context, 'thrCfg'), value(context, 'cpuBudget'), value(context, 'coreBusy')];
  if (gpu !== null) return gpu >= thresholds.gpuComputeUtilFraction ? `the GPU was ${pct(gpu)} busy` : null;
  const usable = threads === null ? budget : budget === null ? threads : Math.min(threads, budget);
  if (processCores !== null && usable !== null && processCores >= usable * thresholds.threadSaturationFraction) {
    return `the server used ${processCores.toFixed(2)} cores of CPU time with -t ${threads ?? '?'}${budget === null ? '' : ` on a budget of ${budget} core${budget === 1 ? '' : 's'}`}`;
  }
  return cores !== null && cores >= thresholds.coreBusyFraction ? `the CPUs were ${pct(cores)} busy` : null;
}

const sentenceFor = (outcome: TriageVerdict['outcome'], users: number, primary: DiagnosisFinding): string =>
  outcome === 'measurement' ? `Fix the measurement first: ${primary.title}.` : outcome === 'hardware-limit' ? `Nothing is misconfigured at ${users} users: ${primary.title}.` : `At ${users} users, what stops it: ${primary.title}.`;

/**
 * The triage of diagnosis-rules.md §0.3: the first finding in triage order is primary (what
 * stops the server at the load diagnosed), the rest secondary, in order. With no finding the
 * verdict is "nothing is wrong: the hardware is the limit" when the compute is saturated, and
 * "inconclusive" when the evidence cannot show that.
 */
export function triage(results: readonly RuleResult[], context: RuleContext): { verdict: TriageVerdict; findings: DiagnosisFinding[] } {
  // A capacity of 0 (the first probe failed, or was invalid: the load generator was the limit) names no load; the probe judged does.
  const capacityUsers = context.evidence.capacity?.capacityUsers;
  const users = capacityUsers !== undefined && capacityUsers > 0 ? capacityUsers : value(context, 'users');
  const shown = users ?? 1;
  const findings = results.map((result, index): DiagnosisFinding => ({ ...result.finding, role: index === 0 ? 'primary' : 'secondary' }));
  const [primary, ...secondary] = findings;
  if (primary === undefined) {
    const saturated = saturation(context);
    const sentence = saturated === null
      ? `No bottleneck rule fired at ${shown} users, and the evidence cannot show the compute saturated (no telemetry of the server, or it had room): measure with host telemetry to tell.`
      : `Nothing is wrong at ${shown} users: the hardware is the limit — ${saturated}.`;
    return { verdict: { outcome: saturated === null ? 'inconclusive' : 'hardware-limit', users, sentence, primary: null, secondary: [] }, findings };
  }
  const outcome = measurementClasses.has(primary.classId) ? 'measurement' : ceilingClasses.has(primary.classId) ? 'hardware-limit' : 'bottleneck';
  return { verdict: { outcome, users, sentence: sentenceFor(outcome, shown, primary), primary, secondary }, findings };
}
