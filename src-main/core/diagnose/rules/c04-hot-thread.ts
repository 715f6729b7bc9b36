import { evidenceOf, finding, fromNow, pct, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C4 single-thread hot spot (diagnosis-rules.md C4): one thread at a full core (hot_thread, or
 * without per-thread samples the busiest core) while the other cores idle, and either a GPU
 * below its line or a server with threads it does not use.
 */
export const hotThreadRule: DiagnoseRule = (context) => {
  const { thresholds } = context;
  const hot = value(context, 'hotThread') ?? value(context, 'busiestCore');
  const [others, gpu, threads, processCores] = [value(context, 'otherCoresBusy'), value(context, 'gpuUtil'), value(context, 'thrCfg'), value(context, 'procCores')];
  if (hot === null || others === null || hot < thresholds.hotThreadCores || others > thresholds.otherCoresIdleFraction) return null;
  const isWaitingGpu = gpu !== null && gpu < thresholds.gpuHotSpotUtilFraction;
  const hasIdleThreads = gpu === null && threads !== null && threads >= 2 && processCores !== null && processCores < threads * 0.6;
  if (!isWaitingGpu && !hasIdleThreads) return null;
  const generator = value(context, 'generatorBusy');
  const slots = value(context, 'slots') ?? 1;
  const target = Math.min(32, slots * 2);
  return {
    finding: finding({
      classId: 'C4',
      name: 'hot-thread',
      severity: 'warning',
      title: `one core ran at ${pct(hot)} while the others averaged ${pct(others)}${isWaitingGpu ? ` and the GPU was ${pct(gpu)} busy` : ''}: a single thread (sampling, per-step work) holds the server back`,
      evidence: [
        ...evidenceOf(context, context.signals.hotThread.value === null ? 'busiestCore' : 'hotThread', 'hotThreadCores'),
        ...evidenceOf(context, 'otherCoresBusy', 'otherCoresIdleFraction'),
        ...evidenceOf(context, 'gpuUtil', 'gpuHotSpotUtilFraction'),
      ],
      ruledOut: [
        { classId: 'C3', why: `the other cores averaged ${pct(others)}: not all cores are busy` },
        ...(generator !== null && generator < thresholds.generatorCpuFraction ? [{ classId: 'C15' as const, why: `the load generator was ${pct(generator)} busy, under its line` }] : []),
      ],
      impact: 'medium',
      effort: 'low',
      risk: 'medium',
    }),
    fixes: [
      {
        title: `-np ${target} -kvu`,
        changes: [
          { flag: 'parallel', ...fromNow(context, 'parallel'), to: target, reason: 'more tokens per step amortise the per-step work of the hot thread' },
          { flag: 'kvUnified', ...fromNow(context, 'kvUnified'), to: true, reason: 'keep the whole KV pool usable by every slot when -np is explicit' },
        ],
        expectedEffect: 'more aggregate per step; backend sampling (-bs, experimental) gave +48 % at 32 slots (llama.cpp #27050)',
        verify: verifyAt(context, 'the hot core stays below a full core while agg_tps rises'),
        impact: 'medium',
        effort: 'E1',
        risk: 'M',
      },
    ],
  };
};
