import { evidenceOf, finding, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C9 no batching (diagnosis-rules.md C9): several users and several slots, yet about one request
 * processing at a time (busy_win when it can be windowed, else the mean of requests_processing
 * while busy). np = 1 with a deferred queue is C7, not this.
 */
export const noBatchingRule: DiagnoseRule = (context) => {
  const [slots, users, width] = [value(context, 'slots'), value(context, 'users'), value(context, 'busyWin') ?? value(context, 'batchWidth')];
  if (slots === null || users === null || width === null || slots < 2 || users < 2 || width > context.thresholds.batchWidthNoBatching) return null;
  const deferred = value(context, 'deferredFrac');
  const isContBatchingOff = context.evidence.config?.flags['contBatching'] === false;
  return {
    finding: finding({
      classId: 'C9',
      name: 'no-batching',
      severity: 'critical',
      title: `${users} users and ${slots} slots, yet ${width.toFixed(2)} requests were processing at a time: requests did not overlap inside the server`,
      evidence: [...evidenceOf(context, context.signals.busyWin.value === null ? 'batchWidth' : 'busyWin', 'batchWidthNoBatching'), ...evidenceOf(context, 'slots'), ...evidenceOf(context, 'users'), ...evidenceOf(context, 'deferredFrac')],
      ruledOut: [{ classId: 'C7', why: deferred === null ? 'the queue could not be read' : `requests waited for a slot in only ${pct(deferred)} of scrapes` }],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      isContBatchingOff
        ? {
            title: '-cb',
            changes: [{ flag: 'contBatching', from: false, to: true, reason: 'continuous batching is off, so each decode carries one request' }],
            expectedEffect: 'aggregate ≈ × the streams until compute or bandwidth binds (diagnosis-rules.md C9)',
            verify: verifyAt(context, 'busy slots per decode approach the users'),
            impact: 'high',
            effort: 'E1',
            risk: 'L',
          }
        : {
            title: 'make requests overlap',
            changes: [],
            action: "check the client's concurrency and any proxy in front of the server (a per-deployment limit serialises requests, C16); requests with different LoRA sets never batch",
            expectedEffect: 'aggregate ≈ × the streams until compute or bandwidth binds (diagnosis-rules.md C9)',
            verify: verifyAt(context, 'busy slots per decode approach the users'),
            impact: 'high',
            effort: 'E1',
            risk: 'L',
          },
    ],
  };
};
