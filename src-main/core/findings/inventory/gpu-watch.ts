import type { Finding } from '../../../../src-shared/schemas/finding';
import { inventorySource, type InventoryFacts } from './inventory-facts';

/** Rule: GPUs whose load nothing can read (no vendor tool, or a card only lspci sees). */
export function gpuWatchRule(facts: InventoryFacts): Finding[] {
  const source = inventorySource(facts);
  const base = { ruleId: 'inventory.gpu-watch', severity: 'warning', impact: 'medium', effort: 'medium', risk: 'low' } as const;
  const findings: Finding[] = [];
  if (!facts.gpuTools.some((tool) => tool !== 'lspci')) {
    findings.push({
      ...base,
      title: 'no GPU tool found (nvidia-smi, rocm-smi, amd-smi or radeontop): GPU load cannot be watched',
      evidence: [{ figure: 'gpuTools', value: facts.gpuTools.join(',') || null, source }],
    });
  }
  for (const gpu of facts.gpus.filter((candidate) => candidate.source === 'lspci' && candidate.vendor !== 'other')) {
    findings.push({ ...base, title: `${gpu.name} is present (lspci) but no tool reads its load`, evidence: [{ figure: `gpus[${gpu.index}].source`, value: gpu.source, source }] });
  }
  return findings;
}
