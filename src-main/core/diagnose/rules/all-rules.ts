import type { BottleneckClassId } from '../../../../src-shared/schemas/diagnosis-findings';
import { gpuComputeRule } from './c01-gpu-compute';
import { bandwidthRule } from './c02-bandwidth';
import { cpuBoundRule } from './c03-cpu-bound';
import { hotThreadRule } from './c04-hot-thread';
import { oversubscriptionRule } from './c05-oversubscription';
import { containerQuotaRule } from './c06-container-quota';
import { slotsTooFewRule } from './c07-slots-too-few';
import { contextTooSmallRule } from './c08-context-too-small';
import { noBatchingRule } from './c09-no-batching';
import { prefillBoundRule } from './c10-prefill-bound';
import { memoryPressureRule } from './c11-memory-pressure';
import { partialOffloadRule } from './c12-partial-offload';
import { clientBoundRule } from './c15-client-bound';
import { throttlingRule } from './c17-throttling';
import { flashAttentionFallbackRule } from './c19-fa-fallback';
import { coldStartRule } from './c20-cold-start';
import type { DiagnoseRule } from './rule';

/**
 * The rules in the triage order of diagnosis-rules.md §0.3: is the measurement valid (C15, C20),
 * cheap misconfigurations (C6, C5, C19, C12, C11), concurrency shape (C9, C7, C8), phase balance
 * (C10, C4), hardware ceilings (C2, C1, C3, C17). C13, C14, C16 and C18 need evidence the
 * workbench does not gather yet (per-GPU split, NUMA placement, a direct-vs-proxy run, speculative counters).
 */
export const diagnoseRules: ReadonlyArray<readonly [BottleneckClassId, DiagnoseRule]> = [
  ['C15', clientBoundRule],
  ['C20', coldStartRule],
  ['C6', containerQuotaRule],
  ['C5', oversubscriptionRule],
  ['C19', flashAttentionFallbackRule],
  ['C12', partialOffloadRule],
  ['C11', memoryPressureRule],
  ['C9', noBatchingRule],
  ['C7', slotsTooFewRule],
  ['C8', contextTooSmallRule],
  ['C10', prefillBoundRule],
  ['C4', hotThreadRule],
  ['C2', bandwidthRule],
  ['C1', gpuComputeRule],
  ['C3', cpuBoundRule],
  ['C17', throttlingRule],
];

/** Measurement classes: when one is primary, the other numbers cannot be trusted yet (§0.3 step 1). */
export const measurementClasses: ReadonlySet<BottleneckClassId> = new Set(['C15', 'C16', 'C20']);

/** Hardware-ceiling classes: when one is primary, nothing is misconfigured (§0.3 step 5). */
export const ceilingClasses: ReadonlySet<BottleneckClassId> = new Set(['C1']);
