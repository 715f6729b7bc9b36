import type { MemoryEstimateView } from '../../../src-shared/contract/config.contract';

/** Widths in percent of one bar that holds both the need (weights + KV) and the budget. */
export interface MemoryBar {
  weightsPct: number;
  kvPct: number;
  /** Where the budget ends on the bar; null without a budget. */
  budgetPct: number | null;
  isOver: boolean;
}

/**
 * Lays the estimate on one scale: the larger of the need and the budget fills the bar, so a
 * need past the budget shows as a bar running past the budget's mark. Pure.
 */
export function memoryBar(memory: Pick<MemoryEstimateView, 'kvBytes' | 'modelBytes' | 'budget'>): MemoryBar {
  const need = memory.kvBytes + memory.modelBytes;
  const budget = memory.budget?.bytes ?? null;
  const scale = Math.max(need, budget ?? 0);
  const pct = (bytes: number): number => (scale > 0 ? Math.round((bytes / scale) * 1000) / 10 : 0);
  return {
    weightsPct: pct(memory.modelBytes),
    kvPct: pct(memory.kvBytes),
    budgetPct: budget === null ? null : pct(budget),
    isOver: budget !== null && need > budget,
  };
}
