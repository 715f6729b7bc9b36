import type { BottleneckClassId } from '../../../../src-shared/schemas/diagnosis-findings';
import { evaluateRules, ruleContext } from '../../../../src-main/core/diagnose/diagnose';
import type { DiagnosisEvidence } from '../../../../src-main/core/diagnose/evidence';
import type { RuleResult } from '../../../../src-main/core/diagnose/rules/rule';

/** Every rule that holds on the evidence, in triage order. */
export function resultsOn(evidence: DiagnosisEvidence): RuleResult[] {
  return evaluateRules(ruleContext(evidence)!);
}

/** The classes the rules name on the evidence. */
export const classesOn = (evidence: DiagnosisEvidence): BottleneckClassId[] => resultsOn(evidence).map((result) => result.finding.classId);

/** The one finding of a class, or a failure naming what fired instead. */
export function findingOf(evidence: DiagnosisEvidence, classId: BottleneckClassId): RuleResult {
  const results = resultsOn(evidence);
  const found = results.find((result) => result.finding.classId === classId);
  if (found === undefined) throw new Error(`${classId} did not fire; fired: ${results.map((result) => result.finding.classId).join(', ') || 'none'}`);
  return found;
}
