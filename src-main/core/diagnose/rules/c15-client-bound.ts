import { clientFindings } from '../../findings/client/client-rules';
import { toCapacitySlos } from '../capacity/capacity-slos';
import { generatorLimit } from '../capacity/generator-limit';
import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C15 client-bound load generator (diagnosis-rules.md C15): the generator's busiest thread past
 * its line, or a client-health finding that makes the probe the generator's (generator-limit.ts). Checked first (§0.3):
 * a busy generator puts its own delay into every other signal.
 */
export const clientBoundRule: DiagnoseRule = (context) => {
  const busy = value(context, 'generatorBusy');
  const health = context.focus.summary.clientHealth;
  // The same test the capacity search applies to a probe (generator-limit.ts): a saturated
  // generator thread, or a loop lag that matters against the SLO's limits. A 30 ms lag under a
  // 5 s limit, or a busy process that a server shares, does not make the numbers the generator's.
  const limit = generatorLimit(health, toCapacitySlos(context.evidence.slo).slos);
  const threadsBusy = health === undefined ? null : Math.max(health.busiestWorkerBusyFraction, health.parentBusyFraction);
  if (!limit.isInvalid && (threadsBusy === null || threadsBusy < context.thresholds.generatorCpuFraction)) return null;
  const own = health === undefined ? [] : clientFindings(health, { kind: 'run', id: context.focus.runId });
  const occupancy = value(context, 'occupancy');
  return {
    finding: finding({
      classId: 'C15',
      name: 'client-bound',
      severity: 'critical',
      title: `the load generator was the limit (its busiest part at ${pct(busy ?? 1)}): the server is not to blame for these numbers; fix the generator and measure again`,
      evidence: [...evidenceOf(context, 'generatorBusy', 'generatorCpuFraction'), ...own.flatMap((found) => found.evidence), ...evidenceOf(context, 'occupancy')],
      ruledOut: [
        { classId: 'C16', why: "the generator's own threads crossed their line; a proxy in between would not load them" },
        ...(occupancy !== null && occupancy < 0.5 ? [{ classId: 'C9' as const, why: `the server's slots were ${pct(occupancy)} busy because the generator could not keep them fed` }] : []),
      ],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: 'give the load generator more room',
        changes: [],
        action: 'more generator workers, or run the generator on another host than the server, then run the diagnosis again',
        expectedEffect: 'numbers that measure the server rather than the generator (measurement fix, diagnosis-rules.md C15)',
        verify: verifyAt(context, "the generator's busiest thread stays under its line"),
        impact: 'high',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
