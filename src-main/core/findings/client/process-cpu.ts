import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { clientFindingBase, percent, type ClientRule } from './client-figures';

/** Rule: the generator used nearly every usable core, so a server on the same machine fought it for CPU. */
export const processCpuRule: ClientRule = (figures, source): Finding[] => {
  const line = rulesOfThumb.loadgenProcessCpuFraction;
  if (figures.processCpuFraction < line) return [];
  return [
    {
      ...clientFindingBase,
      ruleId: 'client.process-cpu',
      title: `the generator used ${percent(figures.processCpuFraction)} of the ${figures.cores} usable cores: it competed with the server for CPU`,
      evidence: [
        { figure: 'processCpuFraction', value: figures.processCpuFraction, threshold: line, source },
        { figure: 'cores', value: figures.cores, source },
      ],
    },
  ];
};
