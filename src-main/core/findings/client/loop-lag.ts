import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { clientFindingBase, type ClientRule } from './client-figures';

/** Rule: a worker's event loop ran late, so every timestamp it took includes that lateness. */
export const loopLagRule: ClientRule = (figures, source): Finding[] => {
  const line = rulesOfThumb.loadgenLoopLagP99Ms;
  if (figures.loopLagP99Ms < line) return [];
  return [
    {
      ...clientFindingBase,
      ruleId: 'client.loop-lag',
      title: `a load generator thread's event loop was ${figures.loopLagP99Ms.toFixed(1)} ms late at p99 (line: ${line} ms): timings include that delay`,
      evidence: [
        { figure: 'loopLagP99Ms', value: figures.loopLagP99Ms, threshold: line, source },
        { figure: 'loopLagMaxMs', value: figures.loopLagMaxMs, source },
      ],
    },
  ];
};
