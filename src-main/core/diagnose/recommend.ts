import { validateServerConfig, validationContextFromInventory } from '../../../src-shared/config/validate-server-config';
import type { Recommendation } from '../../../src-shared/schemas/diagnosis-findings';
import type { ConfigChange } from '../../../src-shared/schemas/finding';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { FixDraft, RuleContext, RuleResult } from './rules/rule';

const impactOrder = { high: 0, medium: 1, low: 2 } as const;
const effortOrder = { E1: 0, E2: 1, E3: 2, E4: 3 } as const;
const riskOrder = { L: 0, M: 1, H: 2 } as const;

/** The configuration with the changes laid over it. */
export function applyChanges(config: ServerConfig | null, changes: readonly ConfigChange[]): ServerConfig {
  const flags: ServerConfig['flags'] = { ...(config?.flags ?? {}) };
  for (const change of changes) flags[change.flag] = change.to;
  return { ...(config ?? {}), flags };
}

/** Errors validateServerConfig finds in the configuration after the fix; warnings do not stop a fix. */
function fixErrors(fix: FixDraft, context: RuleContext): string[] {
  if (fix.changes.length === 0) return [];
  const inventory = context.evidence.inventory;
  const validation = inventory === null ? {} : validationContextFromInventory({ ...inventory, warnings: [] });
  return validateServerConfig(applyChanges(context.evidence.config, fix.changes), validation).filter((problem) => problem.severity === 'error').map((problem) => problem.message);
}

/**
 * The fixes of every finding as ranked recommendations (diagnosis-rules.md §0.2, §1.3): by
 * impact, then lower effort, then lower risk, then triage order; an H-risk change therefore never
 * passes an L-risk one of the same impact. A fix whose configuration validateServerConfig
 * rejects is dropped, and so is a second fix making the same changes (C5 and C6 both set -t).
 */
export function recommend(results: readonly RuleResult[], context: RuleContext): Recommendation[] {
  const seen = new Set<string>();
  const candidates: Array<{ fix: Omit<Recommendation, 'rank'>; order: number }> = [];
  results.forEach((result, order) => {
    for (const fix of result.fixes) {
      const key = fix.changes.length === 0 ? `${result.finding.classId}:${fix.title}` : JSON.stringify(fix.changes.map((change) => [change.flag, change.to]));
      if (seen.has(key) || fixErrors(fix, context).length > 0) continue;
      seen.add(key);
      candidates.push({ fix: { ...fix, classId: result.finding.classId, evidence: result.finding.evidence }, order });
    }
  });
  candidates.sort(({ fix: a, order: aOrder }, { fix: b, order: bOrder }) => impactOrder[a.impact] - impactOrder[b.impact] || effortOrder[a.effort] - effortOrder[b.effort] || riskOrder[a.risk] - riskOrder[b.risk] || aOrder - bOrder);
  return candidates.map(({ fix }, index) => ({ ...fix, rank: index + 1 }));
}
