import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C17 throttling (diagnosis-rules.md C17): thermal or power-brake clock reasons in more than its
 * line of the loaded samples, or the SM clock below its line of the maximum. No flag fixes heat.
 */
export const throttlingRule: DiagnoseRule = (context) => {
  const { thresholds } = context;
  const [share, clock] = [value(context, 'throttleShare'), value(context, 'smClockOfMax')];
  const isFlagged = share !== null && share >= thresholds.throttleSampleFraction;
  const isSlow = clock !== null && clock < thresholds.smClockOfMax;
  if (!isFlagged && !isSlow) return null;
  return {
    finding: finding({
      classId: 'C17',
      name: 'throttling',
      severity: 'warning',
      title: `the GPU was held down under load${isFlagged ? `: thermal or power-brake reasons in ${pct(share)} of samples` : ''}${isSlow ? `, SM clock down to ${pct(clock)} of its maximum` : ''}`,
      evidence: [...evidenceOf(context, 'throttleShare', 'throttleSampleFraction'), ...evidenceOf(context, 'smClockOfMax', 'smClockOfMax')],
      ruledOut: [{ classId: 'C1', why: 'the clocks were held below what the GPU can run, so its compute was not the ceiling' }],
      impact: 'medium',
      effort: 'high',
      risk: 'medium',
    }),
    fixes: [
      {
        title: 'cooling or power limit',
        changes: [],
        action: "check the GPU's cooling, airflow and power limit; no llama-server flag fixes heat",
        expectedEffect: 'steady clocks and tok/s over long runs (diagnosis-rules.md C17)',
        verify: verifyAt(context, 'no thermal reasons under load'),
        impact: 'medium',
        effort: 'E3',
        risk: 'M',
      },
    ],
  };
};
