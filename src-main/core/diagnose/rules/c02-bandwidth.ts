import { slotsChanges } from './slots-fix';
import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C2 memory-bandwidth-bound decode (diagnosis-rules.md C2): the GPU busy, its memory controller
 * past its line, and the power draw below the compute-bound line. More streams share each weight
 * read, so the fix is a wider batch.
 */
export const bandwidthRule: DiagnoseRule = (context) => {
  const { thresholds } = context;
  const [util, memBusy, power] = [value(context, 'gpuUtil'), value(context, 'gpuMemBusy'), value(context, 'pwrFrac')];
  if (util === null || memBusy === null || util < thresholds.gpuHotSpotUtilFraction || memBusy < thresholds.gpuMemBusyFraction) return null;
  if (power !== null && power >= thresholds.gpuPowerFraction) return null;
  const slots = value(context, 'slots') ?? 1;
  const target = Math.min(32, slots * 2);
  return {
    finding: finding({
      classId: 'C2',
      name: 'memory-bandwidth',
      severity: 'warning',
      title: `decode is bound by GPU memory bandwidth: memory controller ${pct(memBusy)} busy${power === null ? '' : ` at ${pct(power)} of the power limit`}; a wider batch reuses each weight read`,
      evidence: [...evidenceOf(context, 'gpuMemBusy', 'gpuMemBusyFraction'), ...evidenceOf(context, 'pwrFrac', 'gpuPowerFraction'), ...evidenceOf(context, 'gpuUtil')],
      ruledOut: [
        ...(power !== null ? [{ classId: 'C1' as const, why: `the power draw was ${pct(power)} of the limit, below the compute-bound line` }] : []),
        ...(value(context, 'offloadedLayers') === null || value(context, 'offloadedLayers') === value(context, 'modelLayers') ? [{ classId: 'C12' as const, why: 'no partial offload was logged' }] : []),
      ],
      impact: 'high',
      effort: 'low',
      risk: 'medium',
    }),
    fixes: [
      {
        title: `-np ${target} -kvu`,
        changes: slotsChanges(context, target, 'each weight read then serves twice the streams'),
        expectedEffect: '~2–3× aggregate at 4 streams in the cited runs (llama.cpp #15916); per-stream speed drops',
        verify: verifyAt(context, 'agg_tps rises with ITL p95 still within the SLO'),
        impact: 'high',
        effort: 'E1',
        risk: 'M',
      },
    ],
  };
};
