import { formatDurationS, formatPlain } from '../../../src-shared/format/numbers';
import type { CapacityProbe } from '../../../src-shared/schemas/capacity';
import type { Diagnosis, DiagnosisStep } from '../../../src-shared/schemas/diagnosis';
import type { DiagnosisConclusion } from '../../../src-shared/schemas/diagnosis-findings';
import type { Evidence } from '../../../src-shared/schemas/finding';

/** Width of the first column of every progress line, so the step names line up. */
const tagWidth = 7;
const tagged = (tag: string, text: string): string => `${tag.padEnd(tagWidth)}${text}`;

/** "step   capacity · about 2 min": a step as it starts, with the estimate the preflight gave it. */
export function stepStartLine(step: DiagnosisStep): string {
  return tagged('step', `${step.step}${step.estimateS === null ? '' : ` · about ${formatDurationS(step.estimateS)}`}`);
}

/** A step as it ends: done with its summary, skipped with why, failed with the error, or cancelled. */
export function stepEndLine(step: DiagnosisStep): string {
  const took = step.startedAt !== undefined && step.finishedAt !== undefined ? ` (${formatDurationS((step.finishedAt - step.startedAt) / 1000)})` : '';
  switch (step.state) {
    case 'done':
      return tagged('done', `${step.step}${took}: ${step.summary ?? ''}`);
    case 'skipped':
      return tagged('skip', `${step.step}: ${step.summary ?? ''}`);
    case 'failed':
      return tagged('FAIL', `${step.step}${took}: ${step.error?.message ?? 'failed'}`);
    case 'cancelled':
      return tagged('stop', `${step.step}${took}: cancelled`);
    default:
      return tagged(step.state, step.step);
  }
}

/** "probe  capacity bracket at 4 users: started, run r-…". */
export function probeStartLine(label: string, runId: string): string {
  return tagged('probe', `${label}: started, run ${runId}`);
}

/** A finished probe: its users, verdict, requests measured, throughput and run (and why, when it did not pass). */
export function probeEndLine(probe: CapacityProbe, label: string): string {
  const { judgement } = probe;
  const why = judgement.verdict === 'pass' || judgement.reasons.length === 0 ? '' : ` (${judgement.reasons.join('; ')})`;
  return tagged('probe', `${label}: ${judgement.verdict} · ${probe.requests} requests · ${formatPlain(probe.requestsPerS)} req/s · run ${probe.runId ?? 'none'}${why}`);
}

/** What a probe was for, when its start was not heard (a probe kept from before a resume). */
export function probeLabel(probe: CapacityProbe): string {
  return `${probe.stage} at ${probe.users} user${probe.users === 1 ? '' : 's'}`;
}

function evidenceText(evidence: Evidence): string {
  const threshold = evidence.threshold === undefined ? '' : ` (threshold ${formatValue(evidence.threshold)}${evidence.isRuleOfThumb === true ? ', a rule of thumb' : ''})`;
  const source = evidence.source.id === undefined ? evidence.source.kind : `${evidence.source.kind} ${evidence.source.id}`;
  return `${evidence.figure} = ${formatValue(evidence.value)}${threshold} [${source}]`;
}

function formatValue(value: Evidence['value']): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatPlain(value);
  return value === null ? 'none' : String(value);
}

function findingLines(conclusion: DiagnosisConclusion): string[] {
  if (conclusion.findings.length === 0) return ['findings: none'];
  const lines = ['findings:'];
  conclusion.findings.forEach((finding, index) => {
    lines.push(`  ${index + 1}. ${finding.role} ${finding.classId} (${finding.severity}): ${finding.title}`);
    for (const evidence of finding.evidence) lines.push(`       ${evidenceText(evidence)}`);
  });
  return lines;
}

/** The recommendations as a table: rank, the flags (or the action), the expected effect, impact/effort/risk. */
export function recommendationTable(conclusion: DiagnosisConclusion): string[] {
  if (conclusion.recommendations.length === 0) return ['recommendations: none'];
  const rows = conclusion.recommendations.map((recommendation) => [String(recommendation.rank), recommendation.title, recommendation.expectedEffect, `${recommendation.impact}/${recommendation.effort}/${recommendation.risk}`]);
  const header = ['rank', 'change', 'expected effect', 'impact/effort/risk'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`;
  return ['recommendations:', line(header), ...rows.map(line)];
}

/** The end of a diagnosis: the capacity sentence, the verdict, the findings with their evidence, the recommendations, what is already right. */
export function reportLines(diagnosis: Diagnosis): string[] {
  const lines: string[] = [''];
  if (diagnosis.capacity?.sentence !== undefined) lines.push(`capacity: ${diagnosis.capacity.sentence}`);
  const conclusion = diagnosis.conclusion;
  if (conclusion === undefined) return lines;
  lines.push(`verdict: ${conclusion.verdict.sentence}`, ...findingLines(conclusion), ...recommendationTable(conclusion));
  if (conclusion.alreadyRight.length > 0) lines.push('already right:', ...conclusion.alreadyRight.map((audit) => `  - ${audit.sentence}`));
  return lines;
}
