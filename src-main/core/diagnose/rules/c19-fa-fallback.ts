import { evidenceOf, finding, fromNow, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C19 flash attention or KV type falling back to the CPU (diagnosis-rules.md C19, §1.4): the
 * log's fallback line on a server that offloads to a GPU.
 */
export const flashAttentionFallbackRule: DiagnoseRule = (context) => {
  const [fallback, offloaded, layers, gpu] = [value(context, 'faOnCpu'), value(context, 'offloadedLayers'), value(context, 'modelLayers'), value(context, 'gpuUtil')];
  if (fallback !== 1 || ((offloaded === null || offloaded === 0) && gpu === null)) return null;
  const isFullOffload = offloaded !== null && layers !== null && offloaded >= layers;
  return {
    finding: finding({
      classId: 'C19',
      name: 'fa-fallback',
      severity: 'critical',
      title: "the server's log says flash attention runs on the CPU (or was disabled): attention leaves the GPU every layer",
      evidence: [...evidenceOf(context, 'faOnCpu'), ...evidenceOf(context, 'offloadedLayers'), ...evidenceOf(context, 'gpuUtil')],
      ruledOut: isFullOffload ? [{ classId: 'C12', why: `all ${layers} layers are on the GPU` }] : [],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: '-ctk f16 -ctv f16 -fa auto',
        changes: [
          { flag: 'cacheTypeK', ...fromNow(context, 'cacheTypeK'), to: 'f16', reason: 'f16/f16 is a pair every CUDA build compiles flash attention for' },
          { flag: 'cacheTypeV', ...fromNow(context, 'cacheTypeV'), to: 'f16', reason: 'a symmetric pair keeps attention on the GPU' },
          { flag: 'flashAttn', ...fromNow(context, 'flashAttn'), to: 'auto', reason: 'let the server choose flash attention only where the GPU supports it' },
        ],
        expectedEffect: 'up to ~4× (3p report, llama.cpp #22806)',
        verify: verifyAt(context, 'the fallback line is gone and CPU cores idle during decode'),
        impact: 'high',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
