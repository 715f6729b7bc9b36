import { slotsChanges } from './slots-fix';
import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule, type RuleContext } from './rule';

/** Slot cap for a recommendation (diagnosis-rules.md §5.5 "np cap 32", RoT). */
const maxSlots = 32;

/** Headroom for more slots: a GPU below its line, else a CPU batch narrower than the width decode still gains from, or threads not saturated. */
function headroom(context: RuleContext): string | null {
  const { thresholds } = context;
  const [gpu, slots, processCores, threads, budget, cores] = [value(context, 'gpuUtil'), value(context, 'slots'), value(context, 'procCores'), value(context, 'thrCfg'), value(context, 'cpuBudget'), value(context, 'coreBusy')];
  if (gpu !== null) return gpu < thresholds.gpuHotSpotUtilFraction ? `the GPU was ${pct(gpu)} busy` : null;
  if (slots !== null && slots < thresholds.batchingWidthSlots) return `a batch of ${slots} is narrower than the ${thresholds.batchingWidthSlots} streams decode still gains from`;
  const usable = Math.min(threads ?? Infinity, budget ?? Infinity);
  const isIdle = cores !== null && cores < thresholds.coreBusyFraction && processCores !== null && processCores < usable * thresholds.coreBusyFraction;
  return isIdle ? `the server used ${processCores.toFixed(2)} cores of the ${usable} it may run on` : null;
}

/**
 * C7 slots too few (diagnosis-rules.md C7): requests deferred in most scrapes with every slot
 * busy, queue wait a real share of TTFT, and headroom to run more at once.
 */
export const slotsTooFewRule: DiagnoseRule = (context) => {
  const { thresholds } = context;
  const [deferred, occupancy, queue, slots] = [value(context, 'deferredFrac'), value(context, 'occupancy'), value(context, 'queueShare'), value(context, 'slots')];
  if (deferred === null || occupancy === null || queue === null || slots === null) return null;
  if (deferred <= thresholds.deferredFraction || occupancy < thresholds.occupancyFull || queue <= thresholds.queueShareOfTtft) return null;
  const room = headroom(context);
  if (room === null) return null;
  // N' = ⌈λ·S / 0.8⌉ (§2.1): requests in the server (L_server) stand for λ·S in a closed loop.
  const demand = value(context, 'lServer') ?? value(context, 'users') ?? slots * 2;
  const target = Math.min(maxSlots, Math.max(slots * 2, Math.ceil(demand / 0.8)));
  return {
    finding: finding({
      classId: 'C7',
      name: 'slots-too-few',
      severity: 'critical',
      title: `requests waited for one of the ${slots} slot${slots === 1 ? '' : 's'} in ${pct(deferred)} of scrapes, and the wait was ${pct(queue)} of TTFT, while ${room}: too few slots`,
      evidence: [
        ...evidenceOf(context, 'deferredFrac', 'deferredFraction'),
        ...evidenceOf(context, 'occupancy', 'occupancyFull'),
        ...evidenceOf(context, 'queueShare', 'queueShareOfTtft'),
        ...evidenceOf(context, 'slots', 'batchingWidthSlots'),
        ...evidenceOf(context, 'lServer'),
      ],
      ruledOut: [
        { classId: 'C1', why: `there is headroom: ${room}` },
        { classId: 'C15', why: 'the queue is inside the server (requests_deferred), not in the generator' },
      ],
      impact: 'high',
      effort: 'low',
      risk: 'medium',
    }),
    fixes: [
      {
        title: `-np ${target} -kvu`,
        changes: slotsChanges(context, target, `about ${demand.toFixed(1)} requests were in the server at once for ${slots} slot${slots === 1 ? '' : 's'}`),
        expectedEffect: 'up to 2–3× aggregate and a lower TTFT p95 as the queue empties (llama.cpp #15916)',
        verify: verifyAt(context, 'deferred_frac falls to about 0 with ITL p95 still within the SLO'),
        impact: 'high',
        effort: 'E1',
        risk: 'M',
      },
    ],
  };
};
