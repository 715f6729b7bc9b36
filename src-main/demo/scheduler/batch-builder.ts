import type { BatchItem } from '../engine/engine';
import type { Slot } from './slot';

export interface BatchConfig {
  /** -b: tokens per batch; decode tokens always get in (one per generating slot), prompts fill the rest. */
  readonly nBatch: number;
  /** -cb: without continuous batching a prompt waits until no slot is generating. */
  readonly contBatching: boolean;
  /** Size of the unified KV pool, or null when each slot has its own context. */
  readonly unifiedPool: number | null;
}

export interface BatchPlan {
  readonly items: BatchItem[];
  /** Generating slots that found no room left in the unified pool: llama.cpp aborts them. */
  readonly outOfPool: Slot[];
  readonly promptTokens: number;
}

/**
 * Builds the next batch the way llama.cpp's `update_slots` does: first one token for every
 * generating slot, then prompt chunks of slots in prefill (oldest task first) until -b tokens.
 * A prompt bigger than the room left is processed over several batches, interleaved with decode.
 */
export function buildBatch(slots: readonly Slot[], config: BatchConfig): BatchPlan {
  const items: BatchItem[] = [];
  const outOfPool: Slot[] = [];
  let poolRoom = config.unifiedPool === null ? Number.POSITIVE_INFINITY : config.unifiedPool - tokensHeld(slots);
  for (const slot of slots) {
    if (slot.state !== 'generating') continue;
    if (poolRoom < 1) {
      outOfPool.push(slot);
      continue;
    }
    poolRoom -= 1;
    items.push({ slotId: slot.id, tokens: [slot.lastToken], nPast: slot.cache.length, sample: true, isPrompt: false });
  }
  let promptTokens = 0;
  if (config.contBatching || items.length === 0) {
    promptTokens = addPromptChunks(slots, items, Math.min(config.nBatch - items.length, poolRoom));
  }
  return { items, outOfPool, promptTokens };
}

function addPromptChunks(slots: readonly Slot[], items: BatchItem[], room: number): number {
  let left = room;
  const waiting = slots.filter((slot) => slot.state === 'prompt' && slot.task !== null).sort((a, b) => a.tStartMs - b.tStartMs);
  for (const slot of waiting) {
    if (left <= 0) break;
    const prompt = slot.task?.promptTokens ?? [];
    const take = Math.min(left, prompt.length - slot.promptPos);
    if (take <= 0) continue;
    const isLast = slot.promptPos + take === prompt.length;
    items.push({
      slotId: slot.id,
      tokens: prompt.slice(slot.promptPos, slot.promptPos + take),
      nPast: slot.cache.length,
      sample: isLast && slot.task?.kind === 'completion',
      isPrompt: true,
    });
    left -= take;
  }
  return room - left;
}

/** Tokens held in KV by every slot, idle ones included (their prompt caches occupy the pool too). */
export function tokensHeld(slots: readonly Slot[]): number {
  return slots.reduce((sum, slot) => sum + slot.cache.length, 0);
}
