import { evidenceOf, finding, fromNow, pct, value, verifyAt, type DiagnoseRule, type FixDraft } from './rule';

/**
 * C1 GPU compute-bound (diagnosis-rules.md C1): utilisation at its line and the power draw at
 * its limit (or the software power cap set), and, where probes at fewer users exist, aggregate
 * gaining less than 10 % per doubling. It is the hardware ceiling: the only flag left is the np
 * at the knee.
 */
export const gpuComputeRule: DiagnoseRule = (context) => {
  const { thresholds, evidence } = context;
  const [util, power, capped, gain] = [value(context, 'gpuUtil'), value(context, 'pwrFrac'), value(context, 'powerCapShare'), value(context, 'aggGainPerDoubling')];
  if (util === null || util < thresholds.gpuComputeUtilFraction) return null;
  const isAtPower = (power !== null && power >= thresholds.gpuPowerFraction) || (capped !== null && capped > 0);
  if (!isAtPower || (gain !== null && gain >= 0.1)) return null;
  const knee = evidence.capacity?.kneeUsers;
  const slots = value(context, 'slots');
  const fixes: FixDraft[] = [];
  if (knee !== undefined && slots !== null && knee !== slots) {
    fixes.push({
      title: `-np ${knee}`,
      changes: [{ flag: 'parallel', ...fromNow(context, 'parallel'), to: knee, reason: `the throughput curve bends at ${knee} users` }],
      expectedEffect: '≤ 10–20 % from flags (diagnosis-rules.md C1, RoT): trades throughput for latency at the ceiling',
      verify: verifyAt(context, 'ITL p95 improves with agg_tps within 10 %'),
      impact: 'low',
      effort: 'E2',
      risk: 'L',
    });
  }
  const [memBusy, throttle] = [value(context, 'gpuMemBusy'), value(context, 'throttleShare')];
  return {
    finding: finding({
      classId: 'C1',
      name: 'gpu-compute',
      severity: 'info',
      title: `the GPU is compute-bound: ${pct(util)} busy at ${power === null ? 'its power cap' : `${pct(power)} of its power limit`} — the hardware ceiling`,
      evidence: [...evidenceOf(context, 'gpuUtil', 'gpuComputeUtilFraction'), ...evidenceOf(context, 'pwrFrac', 'gpuPowerFraction'), ...evidenceOf(context, 'powerCapShare'), ...evidenceOf(context, 'aggGainPerDoubling')],
      ruledOut: [
        ...(throttle !== null ? [{ classId: 'C17' as const, why: `thermal or power-brake reasons in only ${pct(throttle)} of samples` }] : []),
        { classId: 'C4', why: `the GPU was ${pct(util)} busy, not waiting for the host` },
        ...(memBusy !== null && memBusy < thresholds.gpuMemBusyFraction ? [{ classId: 'C2' as const, why: `the memory controller was ${pct(memBusy)} busy` }] : []),
      ],
      impact: 'low',
      effort: 'medium',
      risk: 'low',
    }),
    fixes,
  };
};
