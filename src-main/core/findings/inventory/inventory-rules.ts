import type { Finding } from '../../../../src-shared/schemas/finding';
import { cgroupThrottlingRule } from './cgroup-throttling';
import { cpuBudgetRule } from './cpu-budget';
import { gpuWatchRule } from './gpu-watch';
import type { InventoryFacts, InventoryRule } from './inventory-facts';
import { serverThreadsRule } from './server-threads';
import { serverVisibilityRule } from './server-visibility';
import { swapInUseRule } from './swap-in-use';

/** The inventory rules, in the order their findings are shown (limits first, then what cannot be watched). */
export const inventoryRules: readonly InventoryRule[] = [cpuBudgetRule, serverThreadsRule, cgroupThrottlingRule, gpuWatchRule, serverVisibilityRule, swapInUseRule];

/** Every finding the inventory rules make from a host's facts. Pure. */
export function inventoryFindings(facts: InventoryFacts): Finding[] {
  return inventoryRules.flatMap((rule) => rule(facts));
}
