import { cacheTypeSizes, isQuantizedCacheType } from './cache-types';
import type { ConfigProblem, ConfigRule } from './config-problem';
import { isGiven, numberFlag, textFlag } from './config-values';
import { contextPadCells, kvLayout, roundUp } from './kv-layout';

/**
 * Per-slot contexts below this many tokens are too small for a typical prompt and its answer
 * (a rule of thumb: a short chat turn with a system prompt is already a few hundred tokens).
 */
export const minSensibleSlotContext = 512;

/** `-ub` above `-b` is clamped by llama.cpp (`n_ubatch = min(n_batch, n_ubatch)`, v0.5.0 `src/llama-context.cpp`). */
export const batchRule: ConfigRule = (config) => {
  const ubatch = numberFlag(config, 'ubatchSize') ?? 512;
  const batch = numberFlag(config, 'batchSize') ?? 2048;
  if (ubatch <= batch) return [];
  const b = isGiven(config, 'batchSize') ? `-b ${batch}` : `-b ${batch} (the default)`;
  const ub = isGiven(config, 'ubatchSize') ? `-ub ${ubatch}` : `-ub ${ubatch} (the default)`;
  return [{ severity: 'warning', flags: ['ubatchSize', 'batchSize'], message: `${ub} is larger than ${b}: llama.cpp clamps the micro-batch to -b, so it runs with -ub ${batch}. Keep -ub ≤ -b.` }];
};

/** Without a unified KV cache each slot gets `-c / -np`, rounded up to 256 cells (v0.5.0 `src/llama-context.cpp`). */
export const slotContextRule: ConfigRule = (config, context) => {
  const layout = kvLayout(config, context.model);
  if (layout === null) return [];
  const problems: ConfigProblem[] = [];
  if (!layout.isUnified && layout.contextPerSlot < minSensibleSlotContext) {
    const asked = layout.contextFrom === 'flag' ? (numberFlag(config, 'ctxSize') ?? layout.contextTotal) : layout.contextTotal;
    const perSlot = `each of the ${layout.slots} slots gets ${layout.contextPerSlot} tokens of context (-c ${asked} / -np ${layout.slots}, rounded up to ${contextPadCells})`;
    const grown = layout.contextTotal > roundUp(asked, contextPadCells) ? `; llama.cpp grows the cache to ${layout.contextTotal} cells to give each slot that much` : '';
    problems.push({
      severity: 'warning',
      flags: ['ctxSize', 'parallel', 'kvUnified'],
      message: `Without -kvu ${perSlot}${grown}, less than ${minSensibleSlotContext}: a prompt and its answer longer than that fail with exceed_context_size_error. Raise -c to at least ${layout.slots * minSensibleSlotContext}, lower -np, or share the pool with -kvu.`,
    });
  }
  if (context.model !== undefined && layout.contextPerSlot > context.model.contextLength) {
    problems.push({
      severity: 'warning',
      flags: ['ctxSize', 'parallel'],
      message: `Each slot may hold ${layout.contextPerSlot} tokens but the model was trained on ${context.model.contextLength}: past that it degrades (llama.cpp warns of training context overflow) while the memory is spent anyway.`,
    });
  }
  return problems;
};

/**
 * A quantized V cache needs flash attention: `-fa off` makes llama-server v0.5.0 refuse to start,
 * and `-fa auto` (the default) turns flash attention on for it (`src/llama-context.cpp`).
 */
export const flashAttentionRule: ConfigRule = (config) => {
  const typeV = textFlag(config, 'cacheTypeV') ?? 'f16';
  const fa = textFlag(config, 'flashAttn') ?? 'auto';
  if (!isQuantizedCacheType(typeV) || fa === 'on') return [];
  if (fa === 'off') {
    return [{ severity: 'error', flags: ['cacheTypeV', 'flashAttn'], message: `-ctv ${typeV} is a quantized V cache, which needs flash attention, and -fa off turns it off: llama-server refuses to start ("quantized V cache requires flash_attn to be enabled"). Use -fa on, or -ctv f16.` }];
  }
  return [{
    severity: 'warning',
    flags: ['cacheTypeV', 'flashAttn'],
    message: `-ctv ${typeV} is a quantized V cache, which needs flash attention: with -fa auto llama-server turns it on ("enabling flash_attn since it is required for quantized V cache"), and where the GPU backend has no flash-attention kernel for ${typeV} attention runs on the CPU. Say -fa on to make the choice explicit.`,
  }];
};

/** With flash attention, a quantized K or V type's block must divide the model's head size (v0.5.0 `llama_init_from_model`). */
export const headSizeRule: ConfigRule = (config, context) => {
  const model = context.model;
  if (model === undefined || textFlag(config, 'flashAttn') === 'off') return [];
  const sides = [
    { key: 'cacheTypeK', flag: '-ctk', side: 'K', type: textFlag(config, 'cacheTypeK') ?? 'f16', headSize: model.keyLength },
    { key: 'cacheTypeV', flag: '-ctv', side: 'V', type: textFlag(config, 'cacheTypeV') ?? 'f16', headSize: model.valueLength },
  ];
  return sides.flatMap(({ key, flag, side, type, headSize }): ConfigProblem[] => {
    const block = cacheTypeSizes[type]?.blockElements ?? 1;
    if (headSize % block === 0) return [];
    return [{ severity: 'error', flags: [key, 'flashAttn'], message: `${flag} ${type} stores blocks of ${block} values, which do not divide this model's ${side} head size of ${headSize}: with flash attention llama-server refuses to start. Use ${flag} f16 (or -fa off, for K only).` }];
  });
};
