import type { DiagnosisSignal } from '../../../../src-shared/schemas/diagnosis-findings';
import type { EvidenceSource } from '../../../../src-shared/schemas/finding';

/** A signal of diagnosis-rules.md §0.1: a figure with where it was read, or null with the reason it could not be computed. */
export type Signal = { readonly value: number; readonly source: EvidenceSource } | { readonly value: null; readonly reason: string };

export const known = (value: number, source: EvidenceSource): Signal => ({ value, source });
export const unknown = (reason: string): Signal => ({ value: null, reason });

/** `value` when finite, else an unknown signal saying why. */
export const knownIfFinite = (value: number | null | undefined, source: EvidenceSource, reason: string): Signal =>
  typeof value === 'number' && Number.isFinite(value) ? known(value, source) : unknown(reason);

/** The value of a signal, or null. */
export const valueOf = (signal: Signal): number | null => signal.value;

export const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Signals as the wire carries them, by name. */
export function signalList(signals: Readonly<Record<string, Signal>>): DiagnosisSignal[] {
  return Object.entries(signals).map(([name, signal]) => (signal.value === null ? { name, value: null, reason: signal.reason } : { name, value: signal.value, source: signal.source }));
}
