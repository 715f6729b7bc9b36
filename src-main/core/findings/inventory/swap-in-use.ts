import type { Finding } from '../../../../src-shared/schemas/finding';
import { rulesOfThumb } from '../rules-of-thumb';
import { inventorySource, type InventoryFacts } from './inventory-facts';

/** Rule: swap in use on an inference host usually means weights paging, which wrecks token rates. */
export function swapInUseRule(facts: InventoryFacts): Finding[] {
  const swapUsedBytes = facts.memory.swapTotalBytes - facts.memory.swapFreeBytes;
  if (swapUsedBytes <= rulesOfThumb.swapInUseBytes) return [];
  return [
    {
      ruleId: 'inventory.swap-in-use',
      severity: 'warning',
      title: `${(swapUsedBytes / 1024 ** 3).toFixed(1)} GiB of swap in use: model weights may be paging`,
      evidence: [{ figure: 'memory.swapUsedBytes', value: swapUsedBytes, threshold: rulesOfThumb.swapInUseBytes, source: inventorySource(facts) }],
      impact: 'high',
      effort: 'medium',
      risk: 'low',
    },
  ];
}
