import type { EvidenceSource, Finding } from '../../../../src-shared/schemas/finding';
import type { Inventory } from '../../../../src-shared/schemas/inventory';

/** What an inventory rule reads: the inventory's facts, without what the rules themselves produce. */
export type InventoryFacts = Omit<Inventory, 'warnings' | 'findings'>;

/** An inventory rule: a pure function of the facts, returning zero or more findings. */
export type InventoryRule = (facts: InventoryFacts) => Finding[];

/** The evidence source of every figure an inventory rule reads. */
export const inventorySource = (facts: InventoryFacts): EvidenceSource => ({ kind: 'inventory', id: facts.host, at: facts.takenAt });

/** A CPU count as a person writes it: `4`, `2.5`, `0.75`. */
export const formatCpus = (cpus: number): string => (Number.isInteger(cpus) ? String(cpus) : cpus.toFixed(2).replace(/0+$/, ''));
