import type { ConfigFlags } from './config-values';
import { flagValue, numberFlag } from './config-values';
import type { ModelFacts } from './model-facts';

/** llama.cpp sizes contexts in steps of this many cells (v0.5.0 `src/llama-context.cpp`). */
export const contextPadCells = 256;

/** The slot count llama-server picks for `-np -1` (auto), with a unified KV cache (v0.5.0 `tools/server/server.cpp`). */
export const autoParallelSlots = 4;

/** How llama-server v0.5.0 will lay out its KV cache for a configuration. */
export interface KvLayout {
  readonly slots: number;
  /** True when the slots share one pool (`-kvu`, or `-np` auto). */
  readonly isUnified: boolean;
  readonly isAutoParallel: boolean;
  /** `-c` after llama.cpp's rounding: the cells of all streams together. */
  readonly contextTotal: number;
  /** The context one slot can use: `-c / -np` rounded up to 256 without -kvu, the whole pool with it (capped by --kv-unified-per-slot). */
  readonly contextPerSlot: number;
  /** KV streams (1 when unified, one per slot otherwise) and the cells of each. */
  readonly streams: number;
  readonly cellsPerStream: number;
  /** How `-c` was decided: given, the model's training context (`-c 0`), or slots × --kv-unified-per-slot. */
  readonly contextFrom: 'flag' | 'model' | 'per-slot';
}

/** `value` rounded up to a multiple of `step`. */
export function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

/**
 * The KV layout llama-server v0.5.0 builds for `config`, following its own arithmetic: `-np -1`
 * means 4 slots and a unified pool; `-c 0` means the model's training context (or slots ×
 * --kv-unified-per-slot when that is set); the total is rounded up to 256 cells; without a
 * unified pool each slot gets `-c / -np` rounded up to 256 and the total grows to match.
 * Null when `-c` is 0 and the model is not known.
 */
export function kvLayout(config: ConfigFlags, model?: ModelFacts): KvLayout | null {
  const parallel = numberFlag(config, 'parallel') ?? -1;
  const isAutoParallel = parallel < 0;
  const slots = isAutoParallel ? autoParallelSlots : parallel;
  const isUnified = isAutoParallel || flagValue(config, 'kvUnified') === true;
  const perSlotCap = numberFlag(config, 'kvUnifiedPerSlot') ?? 0;
  const asked = numberFlag(config, 'ctxSize') ?? 0;
  let contextFrom: KvLayout['contextFrom'] = 'flag';
  let context = asked;
  if (asked <= 0 && perSlotCap > 0) [context, contextFrom] = [slots * perSlotCap, 'per-slot'];
  else if (asked <= 0) {
    if (model === undefined) return null;
    [context, contextFrom] = [model.contextLength, 'model'];
  }
  const padded = roundUp(context, contextPadCells);
  if (isUnified) {
    const perSlot = perSlotCap > 0 ? Math.min(padded, perSlotCap) : padded;
    return { slots, isUnified, isAutoParallel, contextTotal: padded, contextPerSlot: perSlot, streams: 1, cellsPerStream: padded, contextFrom };
  }
  const perSlot = roundUp(Math.floor(padded / slots), contextPadCells);
  return { slots, isUnified, isAutoParallel, contextTotal: perSlot * slots, contextPerSlot: perSlot, streams: slots, cellsPerStream: perSlot, contextFrom };
}
