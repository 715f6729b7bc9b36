import type { BottleneckClassId, DiagnosisFinding, Recommendation } from '../../../../src-shared/schemas/diagnosis-findings';
import type { Evidence } from '../../../../src-shared/schemas/finding';
import { diagnoseThresholds, type DiagnoseThresholdKey, type ThresholdValues } from '../../findings/diagnose-thresholds';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import type { DiagnosisSignals, SignalName } from '../signals/compute-signals';

/** What every rule reads: the signals, the evidence they came from, and the thresholds in use. */
export interface RuleContext {
  readonly signals: DiagnosisSignals;
  readonly evidence: DiagnosisEvidence;
  /** The probe the signals were computed from. */
  readonly focus: DiagnosisProbe;
  readonly thresholds: ThresholdValues;
}

/** A fix a rule proposes; recommend.ts validates, ranks and numbers it. */
export type FixDraft = Omit<Recommendation, 'rank' | 'classId' | 'evidence'>;

/** A finding before triage gives it a role, with the fixes of its class card. */
export interface RuleResult {
  readonly finding: Omit<DiagnosisFinding, 'role'>;
  readonly fixes: readonly FixDraft[];
}

/** A bottleneck rule: a pure function of the context; null when its evidence does not hold. */
export type DiagnoseRule = (context: RuleContext) => RuleResult | null;

/** A signal's value, or null when it could not be computed. */
export const value = (context: RuleContext, name: SignalName): number | null => context.signals[name].value;

/** The evidence entry of a known signal, with the threshold it was held against; none when the signal is unknown. */
export function evidenceOf(context: RuleContext, name: SignalName, line?: DiagnoseThresholdKey): Evidence[] {
  const signal = context.signals[name];
  if (signal.value === null) return [];
  if (line === undefined) return [{ figure: name, value: signal.value, source: signal.source }];
  return [{ figure: name, value: signal.value, threshold: context.thresholds[line], isRuleOfThumb: diagnoseThresholds[line].isRuleOfThumb, source: signal.source }];
}

/** The users the verdict is about: the capacity found, else the probe's. */
export const loadUsers = (context: RuleContext): number => context.evidence.capacity?.capacityUsers ?? value(context, 'users') ?? 1;

/** The A/B of diagnosis-rules.md §0.4 at the capacity load, plus what this class should show. */
export const verifyAt = (context: RuleContext, expected: string): string =>
  `interleaved A/B (A B A B …, at least three each) at ${loadUsers(context)} users, same build and model; keep it when agg_tps gains more than max(5 %, 2 × run-to-run CV) and ${expected} (diagnosis-rules.md §0.4)`;

/** A whole number as a flag value: at least `min`. */
export const atLeast = (min: number, figure: number): number => Math.max(min, Math.floor(figure));

/** Percent for sentences. */
export const pct = (fraction: number): string => `${Math.round(fraction * 100)} %`;

interface FindingParts {
  readonly classId: BottleneckClassId;
  readonly name: string;
  readonly severity: DiagnosisFinding['severity'];
  readonly title: string;
  readonly evidence: Evidence[];
  readonly ruledOut: DiagnosisFinding['ruledOut'];
  readonly impact: DiagnosisFinding['impact'];
  readonly effort: DiagnosisFinding['effort'];
  readonly risk: DiagnosisFinding['risk'];
}

/** A finding with its rule id spelled `diagnose.c07-slots-too-few`. */
export function finding(parts: FindingParts): Omit<DiagnosisFinding, 'role'> {
  const { name, ...rest } = parts;
  return { ...rest, ruleId: `diagnose.c${parts.classId.slice(1).padStart(2, '0')}-${name}` };
}

/** The configuration's value of a flag, when it is set. */
export const flagNow = (context: RuleContext, key: string): number | string | boolean | undefined => {
  const given = context.evidence.config?.flags[key];
  return typeof given === 'number' || typeof given === 'string' || typeof given === 'boolean' ? given : undefined;
};

/** `from` for a ConfigChange: the current value when the flag is set, absent otherwise. */
export const fromNow = (context: RuleContext, key: string): { from?: number | string | boolean } => {
  const now = flagNow(context, key);
  return now === undefined ? {} : { from: now };
};
