import type { EvidenceSource, Finding } from '../../../../src-shared/schemas/finding';
import type { ClientHealth } from '../../../../src-shared/schemas/run-result';

/** The load generator's recorded figures, as a run summary keeps them. */
export type ClientFigures = Omit<ClientHealth, 'isClientLimited' | 'reasons' | 'findings'>;

/** A client-health rule: a pure function of the recorded figures; `source` names the run they came from. */
export type ClientRule = (figures: ClientFigures, source: EvidenceSource) => Finding[];

/** A 0..1 fraction as a whole percent. */
export const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** What every client finding shares: the generator's own delay sits inside every timing of the run. */
export const clientFindingBase = { severity: 'warning', impact: 'high', effort: 'low', risk: 'low' } as const;
