import type { CapacitySlo } from '../../../../src-shared/schemas/capacity';
import type { ClientHealth } from '../../../../src-shared/schemas/run-result';

/**
 * A late event loop shifts every timing it takes by about its lag; past this share of the
 * tightest latency limit the SLO verdict could be the generator's (rule of thumb: a 10 % error
 * on the limit is the most a verdict can carry; tuning-loop.md §A3 uses a fixed 5 ms for
 * open-loop rate probes, which a closed-loop probe with limits of seconds does not need).
 */
export const loopLagShareOfLimit = 0.1;

/** Client-health rules that say the generator could not offer the load at all (client-rules.ts). */
const saturationRules = new Set(['client.thread-busy', 'client.merging-thread']);

export type ProbeClientHealth = Pick<ClientHealth, 'isClientLimited' | 'reasons'> & Partial<Pick<ClientHealth, 'findings' | 'loopLagP99Ms'>>;

/**
 * Whether the load generator, not the server, decided a probe (tuning-loop.md §A3 INVALID, §A9;
 * diagnosis-rules.md C15): its threads were saturated (it could not offer the load), or its
 * event loop ran late by more than 10 % of the tightest latency limit (the timings the SLOs read
 * are off by that much). A lag well inside the limits (25 ms against a 5 s SLO) or a busy process
 * (a demo server inside the same process shares its CPU time) leaves the verdict standing, with
 * the reason kept as a note. A summary without findings (older runs) keeps its own verdict.
 */
export function generatorLimit(health: ProbeClientHealth | null | undefined, slos: readonly CapacitySlo[]): { isInvalid: boolean; reasons: string[]; notes: string[] } {
  if (health?.isClientLimited !== true) return { isInvalid: false, reasons: [], notes: [] };
  if (health.findings === undefined) return { isInvalid: true, reasons: health.reasons, notes: [] };
  const limits = slos.filter((slo) => slo.metric !== 'error_rate').map((slo) => slo.limit);
  const tightest = limits.length === 0 ? null : Math.min(...limits);
  const reasons: string[] = [];
  const notes: string[] = [];
  for (const finding of health.findings) {
    const isLagMaterial = finding.ruleId === 'client.loop-lag' && (tightest === null || (health.loopLagP99Ms ?? Infinity) > loopLagShareOfLimit * tightest);
    (saturationRules.has(finding.ruleId) || isLagMaterial ? reasons : notes).push(finding.title);
  }
  return { isInvalid: reasons.length > 0, reasons, notes };
}
