import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';
import { threadChanges } from './thread-fix';

/**
 * C5 thread oversubscription (diagnosis-rules.md C5): -t above the cores the server may use —
 * physical cores, capped by quota or affinity, less those a load generator on the same host
 * needs. Without throttling counters (that would be C6).
 */
export const oversubscriptionRule: DiagnoseRule = (context) => {
  const [threads, budget, throttled] = [value(context, 'thrCfg'), value(context, 'cpuBudget'), value(context, 'cgThr')];
  if (threads === null || budget === null || threads <= budget) return null;
  if (throttled !== null && throttled > context.thresholds.cgroupThrottledFraction) return null;
  const busy = value(context, 'coreBusy');
  const shared = context.evidence.isLoadgenOnServerHost === true ? ', the load generator sharing the host' : '';
  return {
    finding: finding({
      classId: 'C5',
      name: 'thread-oversubscription',
      severity: 'critical',
      title: `-t ${threads} is more than the ${budget} core${budget === 1 ? '' : 's'} the server may use${shared}${busy === null ? '' : `; the CPUs were ${pct(busy)} busy`}: its threads wait for each other`,
      evidence: [...evidenceOf(context, 'thrCfg'), ...evidenceOf(context, 'cpuBudget'), ...evidenceOf(context, 'coreBusy', 'coreBusyFraction'), ...evidenceOf(context, 'runnable')],
      ruledOut: [
        { classId: 'C6', why: throttled === null ? 'no cgroup quota was found for the server' : `the cgroup was throttled in only ${pct(throttled)} of its periods` },
        { classId: 'C3', why: `more threads than cores cannot help; C3 would need -t below the budget of ${budget}` },
      ],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: `-t ${budget} -tb ${budget}`,
        changes: threadChanges(context, budget, `${threads} threads on ${budget} usable core${budget === 1 ? '' : 's'} oversubscribe it`),
        expectedEffect: '1.3–3.6× in the cited measurements (llama.cpp #20020)',
        verify: verifyAt(context, 'stream_tps rises'),
        impact: 'high',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
