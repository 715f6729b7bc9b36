import type { Evidence, Finding } from '../../../../src-shared/schemas/finding';
import { cpuBudget } from './cpu-budget';
import { formatCpus, inventorySource, type InventoryFacts } from './inventory-facts';

/**
 * Rule: llama-server's `-t` against the CPUs it may use. More threads than the budget throttle
 * each other (the fix is `-t` = the budget); a `-t` other than the physical cores is worth a look.
 */
export function serverThreadsRule(facts: InventoryFacts): Finding[] {
  const server = facts.server;
  if (server === null) return [];
  const budget = cpuBudget(facts);
  const cores = facts.cpu.physicalCores;
  const threads = server.threadsFlag;
  const limit = budget === null ? null : Math.max(1, Math.floor(budget.cpus));
  const source = inventorySource(facts);
  const evidence: Evidence[] = [
    { figure: 'server.threadsFlag', value: threads, source },
    { figure: 'cpu.physicalCores', value: cores, source },
    ...(budget === null ? [] : [{ figure: budget.figure, value: budget.cpus, source }]),
  ];
  const base = { ruleId: 'inventory.server-threads', evidence, effort: 'low', risk: 'low' } as const;
  if (threads === null) {
    if (budget === null || limit === null || cores <= limit) return [];
    return [
      {
        ...base,
        severity: 'warning',
        impact: 'high',
        title: `llama-server uses its default thread count (${cores} = physical cores) but may use only ${formatCpus(budget.cpus)} CPUs: set -t ${limit} (and -tb ${limit})`,
        suggestion: { flag: 'threads', to: limit, reason: `the default of ${cores} threads is more than the ${formatCpus(budget.cpus)} CPUs ${budget.source} allows` },
      },
    ];
  }
  if (budget !== null && limit !== null && threads > limit) {
    return [
      {
        ...base,
        severity: 'warning',
        impact: 'high',
        title: `llama-server runs with -t ${threads} but may use only ${formatCpus(budget.cpus)} CPUs (${budget.source}): expect throttling; try -t ${limit}`,
        suggestion: { flag: 'threads', from: threads, to: limit, reason: `${threads} threads are more than the ${formatCpus(budget.cpus)} CPUs ${budget.source} allows` },
      },
    ];
  }
  if (threads !== cores) return [{ ...base, severity: 'info', impact: 'medium', title: `llama-server runs with -t ${threads} on ${cores} physical cores` }];
  return [];
}
