import type { DiagnosisConclusion } from '../../../src-shared/schemas/diagnosis-findings';
import { resolveThresholds } from '../findings/diagnose-thresholds';
import { alreadyRight } from './already-right';
import { focusProbe, type DiagnosisEvidence } from './evidence';
import { recommend } from './recommend';
import { diagnoseRules } from './rules/all-rules';
import type { RuleContext, RuleResult } from './rules/rule';
import { computeSignals } from './signals/compute-signals';
import { signalList } from './signals/signal';
import { triage } from './triage';

export interface DiagnoseOptions {
  /** Threshold overrides by name (src-main/core/findings/diagnose-thresholds.ts); the rest keep their defaults. */
  thresholds?: Partial<Record<string, number>>;
}

/** Every rule over one context, in triage order: the findings that hold, with their fixes. */
export function evaluateRules(context: RuleContext): RuleResult[] {
  return diagnoseRules.flatMap(([, rule]) => rule(context) ?? []);
}

/** The signals, thresholds and focus probe every step shares; null without probes. */
export function ruleContext(evidence: DiagnosisEvidence, options: DiagnoseOptions = {}): RuleContext | null {
  const focus = focusProbe(evidence);
  if (focus === null) return null;
  const thresholds = resolveThresholds(options.thresholds);
  return { signals: computeSignals(evidence, focus, thresholds), evidence, focus, thresholds };
}

/**
 * Findings and recommendations (issue #13 steps 5 and 6) from recorded evidence: the signals of
 * diagnosis-rules.md §0.1 for the probe at the capacity load, every rule, the triage of §0.3,
 * the fixes ranked by impact, effort and risk, and the settings already right. Pure: the same
 * evidence gives the same conclusion. Null when there is no probe to judge.
 */
export function diagnose(evidence: DiagnosisEvidence, options: DiagnoseOptions = {}): DiagnosisConclusion | null {
  const context = ruleContext(evidence, options);
  if (context === null) return null;
  const results = evaluateRules(context);
  const { verdict, findings } = triage(results, context);
  return {
    focusRunId: context.focus.runId,
    users: context.focus.users,
    signals: signalList(context.signals),
    findings,
    verdict,
    recommendations: recommend(results, context),
    alreadyRight: alreadyRight(results, context),
    thresholds: { ...context.thresholds },
  };
}
