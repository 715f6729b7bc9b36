import type { EvidenceSource, Finding } from '../../../../src-shared/schemas/finding';
import type { ClientFigures, ClientRule } from './client-figures';
import { loopLagRule } from './loop-lag';
import { mergingThreadRule } from './merging-thread';
import { processCpuRule } from './process-cpu';
import { threadBusyRule } from './thread-busy';

/** The client-health rules, in the order their findings are shown. */
export const clientRules: readonly ClientRule[] = [threadBusyRule, loopLagRule, mergingThreadRule, processCpuRule];

/**
 * Every finding the client-health rules make from a run's recorded load generator figures.
 * Pure, so it gives the same verdict on a summary recorded long ago.
 */
export function clientFindings(figures: ClientFigures, source: EvidenceSource = { kind: 'run' }): Finding[] {
  return clientRules.flatMap((rule) => rule(figures, source));
}
