import type { MetricVerdict, RunMetricId, RunsComparison } from '../../../src-shared/metrics/run-comparison';
import type { Threshold } from '../../../src-shared/metrics/thresholds';
import type { VerifyVerdict } from '../../../src-shared/schemas/diagnosis-verify';

/** The smallest gain worth a restart, percent (diagnosis-rules.md §0.4, a rule of thumb). */
export const minVerifyGainPct = 5;
/** How many run-to-run CVs a gain must clear to be told from drift (diagnosis-rules.md §0.4, a rule of thumb). */
const cvMultiple = 2;

/** What the verify rule judges: the comparison of the baseline arm (0) with the candidate arm (1), and each arm's own figures. */
export interface VerifyEvidence {
  comparison: Pick<RunsComparison, 'candidates' | 'confidence'>;
  /** Each run's output tok/s, per arm: the run-to-run spread the bar is set from. */
  perRunTokensPerS: { baseline: readonly number[]; candidate: readonly number[] };
  /** Failed ÷ all steady requests of each arm. */
  errorRates: { baseline: number; candidate: number };
  /** The goal's SLO terms. */
  slo: readonly Threshold[];
}

/** Sample standard deviation over mean, percent; null below two finite values or a zero mean. */
export function coefficientOfVariationPct(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  if (mean === 0) return null;
  const variance = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (finite.length - 1);
  return (Math.sqrt(variance) / Math.abs(mean)) * 100;
}

/** The comparison metric an SLO latency term is judged by; null for the terms the comparison does not measure (p90, p99, avg, ITL …). */
function metricOfTerm(term: Threshold): RunMetricId | null {
  if (term.metric !== 'ttft' && term.metric !== 'tpot' && term.metric !== 'e2e') return null;
  if (term.aggregate === 'p50' || term.aggregate === 'med') return `${term.metric}-p50`;
  return term.aggregate === 'p95' ? `${term.metric}-p95` : null;
}

/**
 * The SLO terms the candidate made worse: a latency the comparison judges `worse` (its interval
 * clear of 0 and the change past the comparison's minimum effect), or an error rate that breaks
 * the SLO's limit in the candidate arm and is higher than the baseline's.
 */
export function worseSloTerms(evidence: VerifyEvidence): string[] {
  const metrics = evidence.comparison.candidates[0]?.metrics ?? [];
  return evidence.slo
    .filter((term) => {
      if (term.metric === 'error_rate') return evidence.errorRates.candidate > term.limit && evidence.errorRates.candidate > evidence.errorRates.baseline;
      const metric = metricOfTerm(term);
      return metric !== null && metrics.find((verdict) => verdict.metric === metric)?.verdict === 'worse';
    })
    .map((term) => term.source);
}

/** A signed whole percent with a real minus sign ("+85", "−70"). */
function signedPct(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded}` : `−${Math.abs(rounded)}`;
}

function gainWords(gain: MetricVerdict | undefined, confidence: number): string {
  if (gain?.estimatePct == null) return 'output tok/s could not be compared';
  const interval = gain.interval === null ? '' : ` (${Math.round(confidence * 100)} % CI ${signedPct(gain.interval.lowPct)} … ${signedPct(gain.interval.highPct)} %)`;
  return `${signedPct(gain.estimatePct)} % output tok/s${interval}`;
}

function whyRolledBack(verdict: Omit<VerifyVerdict, 'sentence' | 'decision'>): string {
  if (verdict.worseSlos.length > 0) return `it made ${verdict.worseSlos.join(', ')} worse`;
  if (verdict.gainPct === null || verdict.interval === null) return 'no gain could be measured';
  if (verdict.interval.lowPct <= 0) return 'its interval reaches 0';
  return `the gain does not clear the ${Math.round(verdict.barPct)} % bar (max(${minVerifyGainPct} %, ${cvMultiple} × run-to-run CV))`;
}

/**
 * diagnosis-rules.md §0.4's verify rule: keep the candidate when its output tok/s gain clears
 * max(5 %, 2 × the larger run-to-run CV of the two arms), its interval lies above 0, and no SLO
 * term got worse; otherwise roll back. The sentence gives the gain with its interval and the
 * TTFT p95 change ("+85 % output tok/s (95 % CI +60 … +110 %), TTFT p95 −70 %: keep"). Pure.
 */
export function judgeVerify(evidence: VerifyEvidence): VerifyVerdict {
  const metrics = evidence.comparison.candidates[0]?.metrics ?? [];
  const gain = metrics.find((verdict) => verdict.metric === 'tps');
  const cvs = [coefficientOfVariationPct(evidence.perRunTokensPerS.baseline), coefficientOfVariationPct(evidence.perRunTokensPerS.candidate)].filter((cv): cv is number => cv !== null);
  const runToRunCvPct = cvs.length === 0 ? null : Math.max(...cvs);
  const judged = {
    gainPct: gain?.estimatePct ?? null,
    interval: gain?.interval ?? null,
    runToRunCvPct,
    barPct: Math.max(minVerifyGainPct, cvMultiple * (runToRunCvPct ?? 0)),
    worseSlos: worseSloTerms(evidence),
  };
  const isKept = judged.worseSlos.length === 0 && judged.gainPct !== null && judged.interval !== null && judged.interval.lowPct > 0 && judged.gainPct > judged.barPct;
  const ttft = metrics.find((verdict) => verdict.metric === 'ttft-p95')?.estimatePct;
  const figures = `${gainWords(gain, evidence.comparison.confidence)}${ttft == null ? '' : `, TTFT p95 ${signedPct(ttft)} %`}`;
  return {
    decision: isKept ? 'keep' : 'roll-back',
    ...judged,
    sentence: isKept ? `${figures}: keep` : `${figures}: roll back (${whyRolledBack(judged)})`,
  };
}
