import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { inventorySource, type InventoryFacts } from './inventory-facts';

/** Rule: the cgroup's CPU quota throttled it (cpu.stat nr_throttled) — the quota, not the cores, is the limit. */
export function cgroupThrottlingRule(facts: InventoryFacts): Finding[] {
  const cgroup = facts.cgroup;
  if (!cgroup?.nrThrottled || !cgroup.nrPeriods || cgroup.nrThrottled <= rulesOfThumb.cgroupThrottledPeriods) return [];
  const share = Math.round((cgroup.nrThrottled / cgroup.nrPeriods) * 100);
  const source = inventorySource(facts);
  return [
    {
      ruleId: 'inventory.cgroup-throttling',
      severity: 'warning',
      title: `the ${cgroup.scope === 'server' ? "server's" : "session's"} cgroup was throttled in ${cgroup.nrThrottled} of ${cgroup.nrPeriods} periods (${share} %): its CPU quota is a bottleneck`,
      evidence: [
        { figure: 'cgroup.nrThrottled', value: cgroup.nrThrottled, threshold: rulesOfThumb.cgroupThrottledPeriods, source },
        { figure: 'cgroup.nrPeriods', value: cgroup.nrPeriods, source },
      ],
      impact: 'high',
      effort: 'medium',
      risk: 'low',
    },
  ];
}
