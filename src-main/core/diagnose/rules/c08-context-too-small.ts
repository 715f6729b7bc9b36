import { roundUp } from '../../../../src-shared/config/kv-layout';
import { evidenceOf, finding, fromNow, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C8 slots too many for the context (diagnosis-rules.md C8 (a)): requests refused with
 * exceed_context_size_error because each slot gets only -c/np. The fix keeps the slots and
 * sizes -c for the largest request seen: np × round_up_256(prompt + output + 5 %) (§3.2).
 */
export const contextTooSmallRule: DiagnoseRule = (context) => {
  const rate = value(context, 'contextExceededRate');
  if (rate === null || rate < context.thresholds.contextErrorFraction) return null;
  const [slots, slotContext, refused, output] = [value(context, 'slots') ?? 1, value(context, 'slotContext'), value(context, 'refusedRequestTokens'), value(context, 'outputTokensMax') ?? 0];
  const need = refused === null ? (slotContext ?? 256) * 2 : (refused + output) * (1 + context.thresholds.ctxReqOverheadFraction);
  const perSlot = roundUp(need, 256);
  const contextNow = context.evidence.config?.flags['ctxSize'];
  const target = Math.max(slots * perSlot, typeof contextNow === 'number' ? contextNow : 0);
  return {
    finding: finding({
      classId: 'C8',
      name: 'context-too-small',
      severity: 'critical',
      title: `${pct(rate)} of requests were refused for context size: each of the ${slots} slots holds ${slotContext ?? 'too few'} tokens${refused === null ? '' : `, and a request needed ${refused}`}`,
      evidence: [...evidenceOf(context, 'contextExceededRate', 'contextErrorFraction'), ...evidenceOf(context, 'slotContext'), ...evidenceOf(context, 'refusedRequestTokens'), ...evidenceOf(context, 'outputTokensMax')],
      ruledOut: [{ classId: 'C11', why: 'the errors name the slot context, not a lack of memory' }],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: `-c ${target}`,
        changes: [{ flag: 'ctxSize', ...fromNow(context, 'ctxSize'), to: target, reason: `${slots} slots × ${perSlot} tokens (the largest request with its answer, +5 %, rounded up to 256)` }],
        expectedEffect: 'no more context_exceeded errors; KV memory grows with -c (diagnosis-rules.md C8)',
        verify: verifyAt(context, 'context errors fall to 0'),
        impact: 'high',
        effort: 'E1',
        risk: 'M',
      },
    ],
  };
};
