import { inventoryFindings } from '../findings/inventory/inventory-rules';
import type { InventoryFacts } from '../findings/inventory/inventory-facts';

/**
 * The warnings a tuner needs, in plain sentences, from the facts of an inventory: the titles of
 * the inventory rules' findings (core/findings/inventory), then `notes`, the sections that could
 * not be read (a failed tool), passed through as they are. Pure.
 */
export function inventoryWarnings(facts: InventoryFacts, notes: readonly string[] = []): string[] {
  return [...inventoryFindings(facts).map((finding) => finding.title), ...notes];
}
