import { evidenceOf, finding, fromNow, pct, value, verifyAt, type DiagnoseRule, type FixDraft } from './rule';

/**
 * C11 KV or memory pressure (diagnosis-rules.md C11): GPU memory at its line, host memory
 * available below its line, or swap growing under load.
 */
export const memoryPressureRule: DiagnoseRule = (context) => {
  const { thresholds } = context;
  const [vram, available, swapped] = [value(context, 'vramFrac'), value(context, 'memAvail'), value(context, 'swapGrowthBytes')];
  const isVramFull = vram !== null && vram >= thresholds.vramFraction;
  const isHostShort = (available !== null && available < thresholds.memAvailableFraction) || (swapped !== null && swapped > 0);
  if (!isVramFull && !isHostShort) return null;
  const fixes: FixDraft[] = [];
  if (isVramFull) {
    fixes.push({
      title: '-ctk q8_0 -ctv q8_0',
      changes: [
        { flag: 'cacheTypeK', ...fromNow(context, 'cacheTypeK'), to: 'q8_0', reason: 'q8_0 keys take 1.0625 bytes per element instead of 2' },
        { flag: 'cacheTypeV', ...fromNow(context, 'cacheTypeV'), to: 'q8_0', reason: 'q8_0 values likewise; a symmetric pair with flash attention' },
      ],
      expectedEffect: '~47 % less KV memory (diagnosis-rules.md §2.4) with a small measured quality cost (llama.cpp #7412)',
      verify: verifyAt(context, 'GPU memory use falls below its line with stream_tps the same or better'),
      impact: 'high',
      effort: 'E1',
      risk: 'M',
    });
  }
  if (isHostShort) {
    fixes.push({
      title: '-cram 0',
      changes: [{ flag: 'cacheRam', ...fromNow(context, 'cacheRam'), to: 0, reason: 'the host prompt cache (8192 MiB by default) competes for the memory the host lacks' }],
      expectedEffect: 'no swapping; loses the host-RAM prompt cache (diagnosis-rules.md C11)',
      verify: verifyAt(context, 'swap stays flat and MemAvailable stays above its line'),
      impact: 'high',
      effort: 'E1',
      risk: 'L',
    });
  }
  const what = [isVramFull ? `GPU memory ${pct(vram)} full` : null, available !== null && available < thresholds.memAvailableFraction ? `${pct(available)} of host memory available` : null, swapped ? `${(swapped / 1024 ** 2).toFixed(0)} MiB more swap in use` : null].filter((part) => part !== null);
  return {
    finding: finding({
      classId: 'C11',
      name: 'memory-pressure',
      severity: 'critical',
      title: `memory is short under load: ${what.join(', ')}`,
      evidence: [...evidenceOf(context, 'vramFrac', 'vramFraction'), ...evidenceOf(context, 'memAvail', 'memAvailableFraction'), ...evidenceOf(context, 'swapGrowthBytes')],
      ruledOut: (value(context, 'contextExceededRate') ?? 0) === 0 ? [{ classId: 'C8', why: 'no request was refused for context size' }] : [],
      impact: 'high',
      effort: 'low',
      risk: 'medium',
    }),
    fixes,
  };
};
