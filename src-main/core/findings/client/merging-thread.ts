import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { clientFindingBase, percent, type ClientRule } from './client-figures';

/** Rule: the parent thread (merging snapshots, writing records) was busy enough to fall behind the workers. */
export const mergingThreadRule: ClientRule = (figures, source): Finding[] => {
  const line = rulesOfThumb.loadgenMergingThreadBusyFraction;
  if (figures.parentBusyFraction < line) return [];
  return [
    {
      ...clientFindingBase,
      ruleId: 'client.merging-thread',
      title: `the merging thread was busy ${percent(figures.parentBusyFraction)} of the run`,
      evidence: [{ figure: 'parentBusyFraction', value: figures.parentBusyFraction, threshold: line, source }],
    },
  ];
};
