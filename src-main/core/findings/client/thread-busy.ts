import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { clientFindingBase, percent, type ClientRule } from './client-figures';

/** Rule: a worker thread was so busy that requests waited for it before they were sent. */
export const threadBusyRule: ClientRule = (figures, source): Finding[] => {
  const line = rulesOfThumb.loadgenThreadBusyFraction;
  if (figures.busiestWorkerBusyFraction < line) return [];
  return [
    {
      ...clientFindingBase,
      ruleId: 'client.thread-busy',
      title: `a load generator thread was busy ${percent(figures.busiestWorkerBusyFraction)} of the run (line: ${percent(line)}): requests waited for it`,
      evidence: [{ figure: 'busiestWorkerBusyFraction', value: figures.busiestWorkerBusyFraction, threshold: line, source }],
    },
  ];
};
