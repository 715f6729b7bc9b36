import { formatNumber } from '../../../src-shared/format/numbers';
import type { ConfigChange, Evidence } from '../../../src-shared/schemas/finding';
import { flagText } from '../config/linked-changes';

/** One evidence figure as a row: the value and the line it was held to, and where to check it. */
export interface EvidenceRow {
  figure: string;
  value: string;
  threshold: string | null;
  isRuleOfThumb: boolean;
  /** Value and threshold as shares of one scale, for the small bar; null unless both are numbers. */
  gauge: { value: number; threshold: number } | null;
  source: string;
  /** The run to open in History when the figure came from one. */
  runId: string | undefined;
}

const sourceWords: Record<Evidence['source']['kind'], string> = {
  inventory: 'host inventory',
  run: 'run',
  sample: 'telemetry sample',
  log: 'server log',
  config: 'server flags',
  bench: 'llama-bench',
};

function figureText(value: Evidence['value']): string {
  if (value === null) return 'not measured';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/** The scale's top leaves a quarter of headroom over the larger of the two, so neither sits on the edge. */
function gaugeOf(evidence: Evidence): EvidenceRow['gauge'] {
  if (typeof evidence.value !== 'number' || evidence.threshold === undefined) return null;
  const top = Math.max(Math.abs(evidence.value), Math.abs(evidence.threshold)) * 1.25;
  if (top === 0 || !Number.isFinite(top)) return null;
  return { value: Math.abs(evidence.value) / top, threshold: Math.abs(evidence.threshold) / top };
}

export function evidenceRows(evidence: readonly Evidence[]): EvidenceRow[] {
  return evidence.map((item) => ({
    figure: item.figure,
    value: figureText(item.value),
    threshold: item.threshold === undefined ? null : formatNumber(item.threshold),
    isRuleOfThumb: item.isRuleOfThumb === true,
    gauge: gaugeOf(item),
    source: sourceWords[item.source.kind] + (item.source.kind === 'inventory' && item.source.id ? ` ${item.source.id}` : ''),
    runId: item.source.kind === 'run' ? item.source.id : undefined,
  }));
}

/** `-np 1 → -np 10`, or `-kvu (not set before)`: the exact change, what it was and what it becomes. */
export function describeChange(change: Pick<ConfigChange, 'flag' | 'from' | 'to'>): string {
  const after = flagText(change.flag, change.to);
  return change.from === undefined ? `${after} (not set before)` : `${flagText(change.flag, change.from)} → ${after}`;
}
