import { evidenceOf, finding, fromNow, value, verifyAt, type DiagnoseRule } from './rule';

/** C12 partial offload (diagnosis-rules.md C12, §1.4): the log's `offloaded X/Y layers to GPU` with X < Y. */
export const partialOffloadRule: DiagnoseRule = (context) => {
  const [offloaded, layers] = [value(context, 'offloadedLayers'), value(context, 'modelLayers')];
  if (offloaded === null || layers === null || offloaded >= layers) return null;
  const gpu = value(context, 'gpuUtil');
  return {
    finding: finding({
      classId: 'C12',
      name: 'partial-offload',
      severity: 'critical',
      title: `only ${offloaded} of ${layers} layers run on the GPU: the rest stream from system memory every token${gpu === null ? '' : ` (GPU ${Math.round(gpu * 100)} % busy)`}`,
      evidence: [...evidenceOf(context, 'offloadedLayers'), ...evidenceOf(context, 'modelLayers'), ...evidenceOf(context, 'gpuUtil', 'partialOffloadGpuUtilFraction')],
      ruledOut: [
        { classId: 'C2', why: 'the weights are split across two memories, so the slower one sets the pace (diagnosis-rules.md §2.2 two-tier)' },
        { classId: 'C3', why: 'the CPU works on layers that belong on the GPU' },
      ],
      impact: 'high',
      effort: 'medium',
      risk: 'medium',
    }),
    fixes: [
      {
        title: '-ngl all',
        changes: [{ flag: 'gpuLayers', ...fromNow(context, 'gpuLayers'), to: -2, reason: `${layers - offloaded} layers run on the CPU; free VRAM first with a smaller -c or -ctk/-ctv q8_0 if they do not fit` }],
        expectedEffect: 'often several× (diagnosis-rules.md C12, RoT)',
        verify: verifyAt(context, 'the log says offloaded all layers and stream_tps rises'),
        impact: 'high',
        effort: 'E2',
        risk: 'M',
      },
    ],
  };
};
