import { atLeast, evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';
import { threadChanges } from './thread-fix';

/**
 * C6 container CPU limit (diagnosis-rules.md C6): a quota or cpuset below -t, and the cgroup
 * throttled in more than its line of periods. Threads that meet at barriers all wait for the one
 * the kernel stopped, so the loss is far larger than the quota suggests.
 */
export const containerQuotaRule: DiagnoseRule = (context) => {
  const [quota, threads, throttled] = [value(context, 'quotaCpus'), value(context, 'thrCfg'), value(context, 'cgThr')];
  if (quota === null || threads === null || throttled === null) return null;
  const limit = atLeast(1, quota);
  if (threads <= limit || throttled <= context.thresholds.cgroupThrottledFraction) return null;
  return {
    finding: finding({
      classId: 'C6',
      name: 'container-quota',
      severity: 'critical',
      title: `-t ${threads} runs under a ${quota}-CPU quota and the cgroup was throttled in ${pct(throttled)} of its periods: the quota stops it`,
      evidence: [...evidenceOf(context, 'thrCfg'), ...evidenceOf(context, 'quotaCpus'), ...evidenceOf(context, 'cgThr', 'cgroupThrottledFraction')],
      ruledOut: [{ classId: 'C5', why: 'the cgroup throttling counters rose: a quota, not the core count, holds the threads back' }],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: `-t ${limit} -tb ${limit}`,
        changes: threadChanges(context, limit, `${threads} threads under a ${quota}-CPU quota throttle each other; ⌊quota⌋ = ${limit}`),
        expectedEffect: '4× to 45× in reported cases (3p: llmmanorg/llmman#322, ollama/ollama#17916)',
        verify: verifyAt(context, 'the cgroup throttled share falls to about 0'),
        impact: 'high',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
