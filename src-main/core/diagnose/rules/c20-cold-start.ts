import type { Evidence } from '../../../../src-shared/schemas/finding';
import { evidenceOf, finding, value, verifyAt, type DiagnoseRule } from './rule';

/**
 * C20 cold start and cache artefacts (diagnosis-rules.md C20): a sleeping server, first requests
 * far slower than the rest, or prompt-cache hits in a workload meant to miss the cache.
 */
export const coldStartRule: DiagnoseRule = (context) => {
  const { evidence, thresholds } = context;
  const ratio = value(context, 'coldStartTtftRatio');
  const cached = value(context, 'cachedPromptTokens');
  const isSleeping = evidence.server.isSleeping === true;
  const isSlowStart = ratio !== null && ratio >= thresholds.coldStartTtftRatio;
  const isCacheArtefact = evidence.workload?.isColdCache === true && cached !== null && cached > 0;
  if (!isSleeping && !isSlowStart && !isCacheArtefact) return null;
  const reasons = [
    ...(isSleeping ? ['/props says the server is sleeping'] : []),
    ...(isSlowStart ? [`the first requests' TTFT was ${ratio.toFixed(1)}× the rest's`] : []),
    ...(isCacheArtefact ? [`${cached} prompt tokens came from the server's cache in a test meant to miss it`] : []),
  ];
  const sleeping: Evidence[] = isSleeping ? [{ figure: 'props.is_sleeping', value: true, source: { kind: 'config' } }] : [];
  return {
    finding: finding({
      classId: 'C20',
      name: 'cold-start',
      severity: 'warning',
      title: `the measurement carries a start-up or cache artefact: ${reasons.join('; ')}`,
      evidence: [...sleeping, ...evidenceOf(context, 'coldStartTtftRatio', 'coldStartTtftRatio'), ...(isCacheArtefact ? evidenceOf(context, 'cachedPromptTokens') : [])],
      ruledOut: [],
      impact: 'medium',
      effort: 'low',
      risk: 'low',
    }),
    fixes: [
      {
        title: 'warm up, and keep prompts unique',
        changes: [],
        action: 'send warm-up requests before measuring, and give each request a unique prefix (or cache_prompt:false) unless caching is what is tested',
        expectedEffect: 'a steady-state measurement (measurement fix, diagnosis-rules.md C20)',
        verify: verifyAt(context, 'no cache hits and no slow first window'),
        impact: 'medium',
        effort: 'E1',
        risk: 'L',
      },
    ],
  };
};
