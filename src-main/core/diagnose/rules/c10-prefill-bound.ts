import { evidenceOf, finding, flagNow, pct, value, verifyAt, type DiagnoseRule, type FixDraft } from './rule';

/**
 * C10 prefill-bound (diagnosis-rules.md C10): the server spent more than its line of its time on
 * prompts. prefill_share comes from the server's own timings, so queue wait is not in it (C7).
 */
export const prefillBoundRule: DiagnoseRule = (context) => {
  const share = value(context, 'prefillShare');
  if (share === null || share <= context.thresholds.prefillShare) return null;
  const [queue, cold] = [value(context, 'queueShare'), value(context, 'coldStartTtftRatio')];
  const fixes: FixDraft[] = [];
  if (flagNow(context, 'cacheReuse') === undefined || flagNow(context, 'cacheReuse') === 0) {
    fixes.push({
      title: '--cache-reuse 256',
      changes: [{ flag: 'cacheReuse', to: 256, reason: 'reuse cached prompt chunks instead of recomputing them when prefixes repeat' }],
      expectedEffect: 'TTFT in proportion to the uncached tokens (diagnosis-rules.md §2.3); large cuts when prefixes repeat (llama.cpp #9866)',
      verify: verifyAt(context, 'TTFT p50 falls and prompt_tokens_cached_total rises'),
      impact: 'medium',
      effort: 'E1',
      risk: 'M',
    });
  }
  if (value(context, 'gpuUtil') !== null) {
    fixes.push({
      title: '-ub 1024 -b 2048',
      changes: [
        { flag: 'ubatchSize', to: 1024, reason: 'a bigger compute batch speeds GPU prefill' },
        { flag: 'batchSize', to: 2048, reason: '-b must be at least -ub' },
      ],
      expectedEffect: 'up to ~3× prefill (3p: nomic-ai/gpt4all#2605), at the cost of compute-buffer VRAM',
      verify: verifyAt(context, 'the prefill rate rises'),
      impact: 'medium',
      effort: 'E1',
      risk: 'M',
    });
  }
  return {
    finding: finding({
      classId: 'C10',
      name: 'prefill-bound',
      severity: 'warning',
      title: `the server spent ${pct(share)} of its time on prompts: prefill, not decode, sets the pace`,
      evidence: [...evidenceOf(context, 'prefillShare', 'prefillShare'), ...evidenceOf(context, 'queueShare')],
      ruledOut: [
        { classId: 'C7', why: queue === null ? 'prompt time is the server’s own timing, which excludes queueing' : `the server's prompt time excludes the queue (queue wait was ${pct(queue)} of TTFT)` },
        ...(cold !== null && cold < context.thresholds.coldStartTtftRatio ? [{ classId: 'C20' as const, why: `the first requests were not slower than the rest (${cold.toFixed(1)}×)` }] : []),
      ],
      impact: 'medium',
      effort: 'low',
      risk: 'medium',
    }),
    fixes,
  };
};
