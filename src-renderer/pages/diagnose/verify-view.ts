import { describeVerdict } from '../../../src-shared/metrics/run-comparison-text';
import { runMetricDefinitions, type MetricVerdict, type RunMetricId, type RunsComparison } from '../../../src-shared/metrics/run-comparison';
import { formatMs, formatRate } from '../../../src-shared/format/numbers';
import type { Recommendation } from '../../../src-shared/schemas/diagnosis-findings';
import type { ConfigValue } from '../../../src-shared/schemas/finding';
import type { DiagnosisVerify, VerifyArm, VerifyRun, VerifyVerdict } from '../../../src-shared/schemas/diagnosis-verify';
import { flagText } from '../config/linked-changes';
import { describeChange } from './evidence-view';

/** A is the configuration the diagnosis found, B it with the recommendation applied. */
export const armLetters: Record<VerifyArm, 'A' | 'B'> = { baseline: 'A', candidate: 'B' };
export const armWords: Record<VerifyArm, string> = { baseline: 'baseline', candidate: 'candidate' };

/** The core's interleaving (diagnosis-rules.md §0.4): three runs an arm, A first, so drift falls on both alike. */
const plannedRuns = 6;

/** One slot of the A B A B A B: the run measured there, or what is still to come. */
export interface VerifyRunRow {
  slot: number;
  arm: VerifyArm;
  /** Which of the arm's runs this is (1, 2, 3). */
  ordinal: number;
  state: 'done' | 'running' | 'pending' | 'not run';
  run: VerifyRun | undefined;
}

/**
 * Every run of the A/B in the order it ran, then the slots still to run (the next one running
 * while the step runs); after the verdict, slots never reached (the candidate did not start) say so.
 */
export function verifyRunRows(verify: DiagnosisVerify, isStepRunning: boolean): VerifyRunRow[] {
  const seen: Record<VerifyArm, number> = { baseline: 0, candidate: 0 };
  const rows: VerifyRunRow[] = [];
  const total = Math.max(plannedRuns, verify.runs.length);
  for (let slot = 0; slot < total; slot += 1) {
    const run = verify.runs[slot];
    const arm: VerifyArm = run?.arm ?? (slot % 2 === 0 ? 'baseline' : 'candidate');
    seen[arm] += 1;
    const state = run !== undefined ? 'done' : !isStepRunning ? 'not run' : slot === verify.runs.length ? 'running' : 'pending';
    rows.push({ slot: slot + 1, arm, ordinal: seen[arm], state, run });
  }
  return rows;
}

/** The figures the comparison table shows, in this order: throughput first, then the latencies the SLOs name. */
const shownMetrics: readonly RunMetricId[] = ['tps', 'rps', 'ttft-p95', 'tpot-p95', 'e2e-p95'];

/** One metric of the comparison: each arm's figure (mean of its runs), the change with its interval, and the verdict. */
export interface ComparisonRow {
  metric: RunMetricId;
  label: string;
  better: 'higher' | 'lower';
  baseline: string;
  candidate: string;
  change: string;
  verdict: MetricVerdict['verdict'];
  /** The whole verdict in words, with the method and the runs behind it. */
  statement: string;
}

function metricValue(metric: RunMetricId, value: number | null): string {
  const { unit } = runMetricDefinitions[metric];
  return unit === 'ms' ? formatMs(value) : formatRate(value, unit);
}

/** A signed percent with a real minus sign: whole from 10 up, one decimal below. */
export function signedPct(value: number): string {
  const magnitude = Math.abs(value);
  const text = magnitude >= 10 ? magnitude.toFixed(0) : magnitude.toFixed(1);
  if (Number(text) === 0) return '0';
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** The comparison's candidate arm against the baseline, one row per metric it judged. */
export function comparisonRows(comparison: RunsComparison): ComparisonRow[] {
  const metrics = comparison.candidates[0]?.metrics ?? [];
  const ci = `${Math.round(comparison.confidence * 100)} % CI`;
  return shownMetrics.flatMap((id) => {
    const judged = metrics.find((metric) => metric.metric === id);
    if (judged === undefined) return [];
    const { estimatePct, interval } = judged;
    const change = estimatePct === null ? '—' : `${signedPct(estimatePct)} %${interval === null ? '' : ` (${ci} ${signedPct(interval.lowPct)} … ${signedPct(interval.highPct)} %)`}`;
    return [
      {
        metric: id,
        label: runMetricDefinitions[id].label,
        better: runMetricDefinitions[id].better,
        baseline: metricValue(id, judged.baselineValue),
        candidate: metricValue(id, judged.candidateValue),
        change,
        verdict: judged.verdict,
        statement: describeVerdict(judged, { letter: 'B', confidence: comparison.confidence, minEffectPct: comparison.minEffectPct }),
      },
    ];
  });
}

/**
 * The verdict's interval on one scale with 0 and the bar it had to clear, as shares of the
 * strip's width; null without an interval. The scale spans 0, the bar and the interval with a
 * tenth of headroom each side, so none of them sits on an edge.
 */
export function intervalStrip(verdict: Pick<VerifyVerdict, 'gainPct' | 'interval' | 'barPct'>): { low: number; high: number; estimate: number; zero: number; bar: number } | null {
  const { gainPct, interval, barPct } = verdict;
  if (gainPct === null || interval === null) return null;
  const lowest = Math.min(0, interval.lowPct, gainPct);
  const highest = Math.max(barPct, interval.highPct, gainPct);
  const pad = (highest - lowest) * 0.1 || 1;
  const from = lowest - pad;
  const span = highest + pad - from;
  const at = (value: number) => (value - from) / span;
  return { low: at(interval.lowPct), high: at(interval.highPct), estimate: at(gainPct), zero: at(0), bar: at(barPct) };
}

type ArmConfigs = Pick<DiagnosisVerify, 'baselineConfig' | 'candidateConfig'>;
type FlagValue = ArmConfigs['baselineConfig']['flags'][string];

/** A configuration's value as a change names it (a list flag's values copied out of their read-only array). */
const changeValue = (value: FlagValue): ConfigValue => (typeof value === 'object' ? [...value] : value);

/** The flags whose values differ between the arms, by catalog key. */
function changedFlags(verify: ArmConfigs): string[] {
  const [before, after] = [verify.baselineConfig.flags, verify.candidateConfig.flags];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((flag) => JSON.stringify(before[flag]) !== JSON.stringify(after[flag]));
}

/** The flags the candidate changes, as `-np 1 → -np 4`. */
export function candidateChanges(verify: ArmConfigs): string[] {
  const [before, after] = [verify.baselineConfig.flags, verify.candidateConfig.flags];
  return changedFlags(verify).map((flag) => {
    const [from, to] = [before[flag], after[flag]];
    if (to === undefined) return `${flagText(flag, changeValue(from!))} (removed)`;
    return describeChange({ flag, from: from === undefined ? undefined : changeValue(from), to: changeValue(to) });
  });
}

/** The changed flags as one arm has them: `-np 4 -kvu` for the candidate, `-np 1` for the baseline. */
export function armFlags(verify: ArmConfigs, arm: VerifyArm): string {
  const own = arm === 'baseline' ? verify.baselineConfig.flags : verify.candidateConfig.flags;
  const words = changedFlags(verify).flatMap((flag) => (own[flag] === undefined ? [] : [flagText(flag, changeValue(own[flag]))]));
  return words.length === 0 ? 'the flags before the change' : words.join(' ');
}

/** What the server runs now, in words, and the arm it is. */
export function serverNow(verify: DiagnosisVerify): { arm: VerifyArm; sentence: string } {
  if (verify.outcome === 'kept') return { arm: 'candidate', sentence: `The server runs the candidate now: ${armFlags(verify, 'candidate')} is kept.` };
  if (verify.outcome === 'rolled-back') return { arm: 'baseline', sentence: `The server runs the baseline again: ${armFlags(verify, 'baseline')}, as before the A/B.` };
  const arm = verify.applied.at(-1)?.arm ?? 'baseline';
  return { arm, sentence: `The server runs the ${armWords[arm]} (${armFlags(verify, arm)}) while the A/B measures it.` };
}

/** The recommendation after the one verified: what to try next. */
export function nextRecommendation(recommendations: readonly Recommendation[], verifiedRank: number): Recommendation | undefined {
  return recommendations.find((recommendation) => recommendation.rank > verifiedRank);
}
