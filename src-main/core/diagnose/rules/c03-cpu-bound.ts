import { evidenceOf, finding, value, verifyAt, type DiagnoseRule } from './rule';
import { threadChanges } from './thread-fix';

/**
 * C3 CPU-bound with cores to spare (diagnosis-rules.md C3): every math thread busy (the
 * process's CPU ≈ -t) on a CPU-only server while -t is below the cores it may use. When -t
 * already equals the budget, saturation is the hardware limit, said by the triage, not a finding.
 */
export const cpuBoundRule: DiagnoseRule = (context) => {
  const [threads, budget, processCores, gpu] = [value(context, 'thrCfg'), value(context, 'cpuBudget'), value(context, 'procCores'), value(context, 'gpuUtil')];
  if (threads === null || budget === null || processCores === null || gpu !== null) return null;
  if (threads >= budget || processCores < threads * context.thresholds.threadSaturationFraction) return null;
  return {
    finding: finding({
      classId: 'C3',
      name: 'cpu-bound',
      severity: 'warning',
      title: `the server's ${threads} thread${threads === 1 ? ' is' : 's are'} saturated (${processCores.toFixed(2)} cores of CPU time) while it may use ${budget} cores: give it more threads`,
      evidence: [...evidenceOf(context, 'procCores'), ...evidenceOf(context, 'thrCfg'), ...evidenceOf(context, 'cpuBudget'), ...evidenceOf(context, 'coreBusy', 'coreBusyFraction')],
      ruledOut: [
        { classId: 'C5', why: `-t ${threads} is below the ${budget} usable cores` },
        { classId: 'C6', why: 'no cgroup quota throttled the server' },
      ],
      impact: 'medium',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: `-t ${budget} -tb ${budget}`,
        changes: threadChanges(context, budget, `${threads} saturated thread${threads === 1 ? '' : 's'} with ${budget} cores usable`),
        expectedEffect: '0–30 % (diagnosis-rules.md C3, RoT); prefill scales with cores (llama.cpp #2534)',
        verify: verifyAt(context, 'stream_tps and prefill rate rise'),
        impact: 'medium',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
