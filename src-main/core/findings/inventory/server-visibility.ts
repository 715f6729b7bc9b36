import type { Finding } from '../../../../src-shared/schemas/finding';
import { inventorySource, type InventoryFacts } from './inventory-facts';

/** Rule: the server the tuner wants to watch was not found, or its container could not be described. */
export function serverVisibilityRule(facts: InventoryFacts): Finding[] {
  const source = inventorySource(facts);
  const base = { ruleId: 'inventory.server-visibility', severity: 'warning', impact: 'medium', effort: 'low', risk: 'low' } as const;
  if (facts.server === null) return [{ ...base, title: 'no llama-server process found', evidence: [{ figure: 'server', value: null, source }] }];
  if (facts.server.containerId && facts.container === null) {
    return [
      {
        ...base,
        title: `llama-server runs in container ${facts.server.containerId.slice(0, 12)}, but docker/podman inspect could not describe it`,
        evidence: [
          { figure: 'server.containerId', value: facts.server.containerId, source },
          { figure: 'container', value: null, source },
        ],
      },
    ];
  }
  return [];
}
