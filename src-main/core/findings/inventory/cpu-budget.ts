import type { Finding } from '../../../../src-shared/schemas/finding';
import { formatCpus, inventorySource, type InventoryFacts } from './inventory-facts';

export interface CpuBudget {
  cpus: number;
  /** What sets it, in words (`the container`, `its cgroup quota`). */
  source: string;
  /** The inventory figure it was read from (`container.cpuLimit`). */
  figure: string;
}

/** The tightest CPU budget the server (or the session) gets, and what sets it; null when nothing caps it below the CPUs online. */
export function cpuBudget(facts: InventoryFacts): CpuBudget | null {
  const candidates: Array<{ cpus: number | null | undefined; source: string; figure: string }> = [
    { cpus: facts.container?.cpuLimit, source: 'the container', figure: 'container.cpuLimit' },
    { cpus: facts.cgroup?.cpuQuotaCpus, source: 'its cgroup quota', figure: 'cgroup.cpuQuotaCpus' },
    { cpus: facts.cgroup?.cpusetCount, source: 'its cpuset', figure: 'cgroup.cpusetCount' },
    { cpus: facts.server?.allowedCpuCount, source: 'its CPU affinity', figure: 'server.allowedCpuCount' },
  ];
  let best: CpuBudget | null = null;
  for (const { cpus, source, figure } of candidates) {
    if (cpus === null || cpus === undefined || cpus <= 0) continue;
    if (best === null || cpus < best.cpus) best = { cpus, source, figure };
  }
  return best !== null && best.cpus < facts.cpu.threads ? best : null;
}

/** Rule: the server (or the session) may use fewer CPUs than the host has. */
export function cpuBudgetRule(facts: InventoryFacts): Finding[] {
  const budget = cpuBudget(facts);
  if (budget === null) return [];
  const who = facts.container !== null && budget.source === 'the container' ? 'the container' : facts.server !== null ? 'llama-server' : 'this login session';
  const source = inventorySource(facts);
  return [
    {
      ruleId: 'inventory.cpu-budget',
      severity: 'warning',
      title: `${who} may use ${formatCpus(budget.cpus)} of ${facts.cpu.threads} CPUs (${budget.source})`,
      evidence: [
        { figure: budget.figure, value: budget.cpus, source },
        { figure: 'cpu.threads', value: facts.cpu.threads, source },
      ],
      impact: 'high',
      effort: 'low',
      risk: 'low',
    },
  ];
}
