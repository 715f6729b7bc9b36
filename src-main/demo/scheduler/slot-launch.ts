import { commonPrefixLength } from '../engine/toy-tokenizer';
import { exceedContextError, invalidRequestError, serverError, type LlamaError } from '../llama-errors';
import type { Slot } from './slot';
import type { Task } from './task';

/**
 * Picks the slot for a task as llama.cpp's `get_available_slot` does: among idle slots, the one
 * whose cached tokens share the largest fraction of the new prompt, if above `similarity`;
 * otherwise the least recently used (never-used slots first; ties go to the later slot).
 */
export function selectSlot(slots: readonly Slot[], task: Task, similarity: number): Slot | undefined {
  if (similarity > 0 && task.params.cachePrompt) {
    let best: Slot | undefined;
    let bestFraction = 0;
    for (const slot of slots) {
      if (slot.isProcessing || slot.cache.length === 0) continue;
      const fraction = commonPrefixLength(slot.cache, task.promptTokens) / Math.max(task.promptTokens.length, 1);
      if (fraction > bestFraction && fraction > similarity) {
        best = slot;
        bestFraction = fraction;
      }
    }
    if (best !== undefined) return best;
  }
  let lru: Slot | undefined;
  for (const slot of slots) {
    if (slot.isProcessing) continue;
    if (lru === undefined || slot.lastUsedMs <= lru.lastUsedMs) lru = slot;
  }
  return lru;
}

/** Prompt tokens the slot can reuse: the common prefix, leaving at least one token to evaluate. */
export function reusableTokens(slot: Slot, task: Task): number {
  if (!task.params.cachePrompt || task.kind !== 'completion') return 0;
  return Math.max(0, Math.min(commonPrefixLength(slot.cache, task.promptTokens), task.promptTokens.length - 1));
}

/**
 * The checks llama.cpp makes when a slot starts a task (after the queue, so a refused request
 * still waited for its slot): an embedding must fit one ubatch; a prompt must be shorter than the
 * slot's context. A prompt that fits but leaves less room than max_tokens is not refused: its
 * generation stops at the context limit with finish_reason "length", as the live capture shows.
 */
export function checkLaunch(slot: Slot, task: Task, nUbatch: number): LlamaError | null {
  const nTokens = task.promptTokens.length;
  if (nTokens === 0) return invalidRequestError('empty prompt: there is nothing to process');
  if (task.kind === 'embedding' && nTokens > nUbatch) {
    return serverError(
      `input (${nTokens} tokens) is too large to process. increase the physical batch size (current batch size: ${nUbatch})`,
    );
  }
  if (nTokens >= slot.nCtx) return exceedContextError(nTokens, slot.nCtx);
  return null;
}
