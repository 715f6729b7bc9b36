import { describeVerdict } from '../../../src-shared/metrics/run-comparison-text';
import type { RunsComparison } from '../../../src-shared/metrics/run-comparison';
import type { RunRecord, RunSummary } from '../../../src-shared/schemas/run-result';
import type { ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';

/** One run as the comparison sees it: its record (with summary) and its server view's summary. */
export interface ComparedRun {
  record: RunRecord;
  server: ServerScrapeSummary | null;
}

export type Unit = 'count' | 'req/s' | 'tok/s' | 'ms' | 'percent';

/** A row of the comparison table: how to read the value, and which direction is better. */
export interface MetricRow {
  id: string;
  label: string;
  unit: Unit;
  /** neutral: a change is shown but not judged (more slot use is neither good nor bad by itself). */
  better: 'lower' | 'higher' | 'neutral';
  pick: (run: ComparedRun) => number | null;
}

const stat = (pick: (summary: RunSummary) => { count: number; p50: number; p95: number; p99: number } | undefined, key: 'p50' | 'p95' | 'p99') => (run: ComparedRun) => {
  const stats = run.record.summary ? pick(run.record.summary) : undefined;
  return stats && stats.count > 0 ? stats[key] : null;
};
const fromSummary = (pick: (summary: RunSummary) => number | undefined) => (run: ComparedRun) => (run.record.summary ? (pick(run.record.summary) ?? null) : null);

export const metricRows: MetricRow[] = [
  { id: 'rps', label: 'Request rate', unit: 'req/s', better: 'higher', pick: fromSummary((s) => s.requestsPerS) },
  { id: 'tps', label: 'Output token rate', unit: 'tok/s', better: 'higher', pick: fromSummary((s) => s.outputTokensPerS) },
  { id: 'goodput', label: 'Goodput', unit: 'req/s', better: 'higher', pick: fromSummary((s) => s.goodputPerS) },
  { id: 'ttft-p50', label: 'TTFT p50', unit: 'ms', better: 'lower', pick: stat((s) => s.ttftMs, 'p50') },
  { id: 'ttft-p95', label: 'TTFT p95', unit: 'ms', better: 'lower', pick: stat((s) => s.ttftMs, 'p95') },
  { id: 'ttft-p99', label: 'TTFT p99', unit: 'ms', better: 'lower', pick: stat((s) => s.ttftMs, 'p99') },
  { id: 'itl-p50', label: 'ITL p50', unit: 'ms', better: 'lower', pick: stat((s) => s.itlMs, 'p50') },
  { id: 'itl-p95', label: 'ITL p95', unit: 'ms', better: 'lower', pick: stat((s) => s.itlMs, 'p95') },
  { id: 'tpot-p50', label: 'TPOT p50', unit: 'ms', better: 'lower', pick: stat((s) => s.tpotMs, 'p50') },
  { id: 'e2e-p95', label: 'E2E p95', unit: 'ms', better: 'lower', pick: stat((s) => s.e2eMs, 'p95') },
  { id: 'failed', label: 'Failed requests', unit: 'count', better: 'lower', pick: fromSummary((s) => s.failed) },
  { id: 'slot-use', label: 'Slot use (mean)', unit: 'percent', better: 'neutral', pick: (run) => run.server?.meanSlotUse ?? null },
  { id: 'deferred', label: 'Deferred (max)', unit: 'count', better: 'lower', pick: (run) => run.server?.maxWaiting ?? null },
  { id: 'kv', label: 'KV cache (max)', unit: 'percent', better: 'neutral', pick: (run) => run.server?.maxKvCacheUsage ?? null },
];

/** A value beside the baseline's: the relative change and whether it is better, worse or the same. */
export interface ComparedValue {
  value: number | null;
  /** (value − baseline) ÷ baseline in percent; null for the baseline itself or without both values. */
  deltaPct: number | null;
  verdict: 'better' | 'worse' | 'same' | 'changed' | null;
  /** The statistical verdict in words (runs.compare), where the core judged this metric. */
  statement?: string;
}

/** Without samples to test (the server's view, counts), changes within ±2 % read as "same": closer than most runs repeat. */
const sameWithinPct = 2;

/**
 * Each run's value of one metric against the first run (the baseline). Where the core's
 * statistical comparison judged the metric, its verdict and its statement are used; otherwise a
 * change within ±2 % is "same", and a baseline of zero has no relative change, the verdict then
 * following the sign of the difference.
 */
export function compareRow(row: MetricRow, runs: readonly ComparedRun[], stats?: RunsComparison): ComparedValue[] {
  const values = runs.map((run) => row.pick(run));
  const base = values[0] ?? null;
  return values.map((value, index) => {
    const judged = index === 0 ? undefined : statisticalVerdict(row.id, index, stats);
    if (judged !== undefined) return { value, deltaPct: deltaPctOf(value, base), ...judged };
    if (index === 0 || value === null || base === null) return { value, deltaPct: null, verdict: null };
    const deltaPct = deltaPctOf(value, base);
    const difference = value - base;
    const isSame = deltaPct !== null ? Math.abs(deltaPct) < sameWithinPct : difference === 0;
    if (isSame) return { value, deltaPct, verdict: 'same' };
    if (row.better === 'neutral') return { value, deltaPct, verdict: 'changed' };
    const isBetter = row.better === 'higher' ? difference > 0 : difference < 0;
    return { value, deltaPct, verdict: isBetter ? 'better' : 'worse' };
  });
}

function deltaPctOf(value: number | null, base: number | null): number | null {
  return value === null || base === null || base === 0 ? null : ((value - base) / Math.abs(base)) * 100;
}

/** The core's verdict on metric `rowId` of run `index` (arm index: the page compares one run per arm, baseline first). */
function statisticalVerdict(rowId: string, index: number, stats: RunsComparison | undefined): Pick<ComparedValue, 'verdict' | 'statement'> | undefined {
  const judged = stats?.candidates.find((candidate) => candidate.arm === index)?.metrics.find((metric) => metric.metric === rowId);
  if (stats === undefined || judged === undefined) return undefined;
  const statement = describeVerdict(judged, { letter: runLetter(index), confidence: stats.confidence, minEffectPct: stats.minEffectPct });
  // Too few samples to test: no colour, rather than a guess.
  const verdict = judged.verdict === 'too few samples' ? null : judged.verdict === 'within noise' ? 'same' : judged.verdict;
  return { verdict, statement };
}

/** "A", "B", … for the legend and the table header. */
export function runLetter(index: number): string {
  return String.fromCharCode(65 + (index % 26));
}
