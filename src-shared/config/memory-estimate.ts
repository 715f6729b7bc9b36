import { formatBytes } from '../format/numbers';
import type { Inventory } from '../schemas/inventory';
import { cacheRowBytes } from './cache-types';
import { flagValue, numberFlag, textFlag, type ConfigFlags } from './config-values';
import { kvLayout, type KvLayout } from './kv-layout';
import type { ModelFacts } from './model-facts';

/** The KV cache of one configuration, as llama.cpp allocates it. */
export interface KvCacheEstimate {
  readonly layout: KvLayout;
  readonly typeK: string;
  readonly typeV: string;
  readonly kBytes: number;
  readonly vBytes: number;
  readonly bytes: number;
  /** Bytes one context cell (token) costs over all layers, K and V. */
  readonly bytesPerCell: number;
}

/** What the memory is compared with: the GPUs' VRAM when the model is offloaded, else RAM or a container's limit. */
export interface MemoryBudget {
  readonly where: 'gpu' | 'ram' | 'container';
  readonly bytes: number;
  /** "the GPU", "the 2 GPUs", "the host", "the container". */
  readonly label: string;
}

export interface MemoryEstimate {
  readonly kv: KvCacheEstimate;
  readonly modelBytes: number;
  /** KV cache plus model (compute buffers not counted: they depend on the backend and -ub). */
  readonly totalBytes: number;
  readonly budget: MemoryBudget | null;
  /** Null when there is no budget to compare with. */
  readonly fits: boolean | null;
  /** One plain sentence: "-np 16 -c 32768 needs 34 GiB of KV cache; the GPU has 24 GiB". */
  readonly sentence: string;
  /** What the estimate leaves out or assumes, in words. */
  readonly notes: readonly string[];
}

/**
 * KV cache bytes of `config` for `model`, computed the way llama.cpp v0.5.0 allocates it: per
 * layer one K row of `kv_heads × key_length` and one V row of `kv_heads × value_length` values of
 * the cache types (quantized types in whole blocks), for every cell of every stream. Null when
 * `-c` is 0 and cannot be resolved (never with a model).
 */
export function estimateKvCache(config: ConfigFlags, model: ModelFacts): KvCacheEstimate | null {
  const layout = kvLayout(config, model);
  if (layout === null) return null;
  const typeK = textFlag(config, 'cacheTypeK') ?? 'f16';
  const typeV = textFlag(config, 'cacheTypeV') ?? 'f16';
  let kRow = 0;
  let vRow = 0;
  for (const kvHeads of model.kvHeadsPerLayer) {
    kRow += cacheRowBytes(typeK, kvHeads * model.keyLength);
    vRow += cacheRowBytes(typeV, kvHeads * model.valueLength);
  }
  const cells = layout.cellsPerStream * layout.streams;
  return { layout, typeK, typeV, kBytes: kRow * cells, vBytes: vRow * cells, bytes: (kRow + vRow) * cells, bytesPerCell: kRow + vRow };
}

export interface EstimateMemoryInput {
  readonly config: ConfigFlags;
  readonly model: ModelFacts;
  /** The host the server runs on; without it the estimate has no budget to compare with. */
  readonly inventory?: Pick<Inventory, 'memory' | 'gpus' | 'container' | 'cgroup'>;
}

/**
 * The memory a configuration needs (KV cache and model weights) against what its host has, with
 * a sentence to show before anything restarts. Pure. The budget is the GPUs' total VRAM when
 * layers are offloaded (`-ngl` not 0, a GPU with known memory) and the KV cache stays there
 * (`-kvo`), else the host's RAM, or the container's memory limit when that is lower.
 */
export function estimateMemory(input: EstimateMemoryInput): MemoryEstimate {
  const { config, model } = input;
  const kv = estimateKvCache(config, model);
  if (kv === null) throw new Error('unreachable: a model always resolves -c');
  const budget = input.inventory === undefined ? null : memoryBudget(config, input.inventory);
  const totalBytes = kv.bytes + model.fileBytes;
  const fits = budget === null ? null : totalBytes <= budget.bytes;
  return { kv, modelBytes: model.fileBytes, totalBytes, budget, fits, sentence: sentenceFor(config, kv, { model, budget }), notes: notesFor(config, kv, model) };
}

function memoryBudget(config: ConfigFlags, inventory: NonNullable<EstimateMemoryInput['inventory']>): MemoryBudget | null {
  const gpus = inventory.gpus.filter((gpu) => gpu.memoryTotalBytes !== null && gpu.memoryTotalBytes > 0);
  const device = flagValue(config, 'device');
  const isOffloaded = (numberFlag(config, 'gpuLayers') ?? -1) !== 0 && !(Array.isArray(device) && device.includes('none'));
  if (gpus.length > 0 && isOffloaded && flagValue(config, 'kvOffload') !== false) {
    const bytes = gpus.reduce((sum, gpu) => sum + (gpu.memoryTotalBytes ?? 0), 0);
    return { where: 'gpu', bytes, label: gpus.length === 1 ? 'the GPU' : `the ${gpus.length} GPUs` };
  }
  const limits = [inventory.container?.memoryLimitBytes, inventory.cgroup?.memoryMaxBytes].filter((n): n is number => typeof n === 'number' && n > 0);
  const limit = limits.length > 0 ? Math.min(...limits) : null;
  if (limit !== null && limit < inventory.memory.totalBytes) return { where: 'container', bytes: limit, label: 'the container' };
  return inventory.memory.totalBytes > 0 ? { where: 'ram', bytes: inventory.memory.totalBytes, label: 'the host' } : null;
}

function sentenceFor(config: ConfigFlags, kv: KvCacheEstimate, context: { model: ModelFacts; budget: MemoryBudget | null }): string {
  const { layout } = kv;
  const slots = layout.isAutoParallel ? '-np auto (4 slots)' : `-np ${layout.slots}`;
  const contextWords: Record<KvLayout['contextFrom'], string> = {
    flag: `-c ${numberFlag(config, 'ctxSize') ?? layout.contextTotal}`,
    model: `-c 0 (the model's ${layout.contextTotal})`,
    'per-slot': `--kv-unified-per-slot ${numberFlag(config, 'kvUnifiedPerSlot') ?? 0} (a pool of ${layout.contextTotal})`,
  };
  const context_ = contextWords[layout.contextFrom];
  const types = kv.typeK === 'f16' && kv.typeV === 'f16' ? '' : ` with ${kv.typeK}/${kv.typeV} cache`;
  const needs = `${slots} ${context_}${types} needs ${formatBytes(kv.bytes)} of KV cache`;
  const withModel = `${formatBytes(kv.bytes + context.model.fileBytes)} with the ${formatBytes(context.model.fileBytes)} model`;
  if (context.budget === null) return `${needs} (${withModel}).`;
  const memoryKind = context.budget.where === 'gpu' ? 'of VRAM' : context.budget.where === 'container' ? 'of memory' : 'of RAM';
  const verdict = kv.bytes + context.model.fileBytes > context.budget.bytes ? 'it does not fit' : 'it fits';
  return `${needs} (${withModel}); ${context.budget.label} has ${formatBytes(context.budget.bytes)} ${memoryKind}: ${verdict}.`;
}

function notesFor(config: ConfigFlags, kv: KvCacheEstimate, model: ModelFacts): string[] {
  const notes: string[] = ['Compute buffers come on top; llama-server logs them at start and they grow with -ub.'];
  if (kv.layout.contextFrom === 'model') {
    const fit = flagValue(config, 'fit') === 'on' ? '; with --fit on llama-server may choose a smaller one to fit free memory' : '';
    notes.push(`-c is 0, so the context is the model's training context of ${model.contextLength} tokens${fit}.`);
  }
  if (model.slidingWindow !== undefined && flagValue(config, 'swaFull') !== true) {
    notes.push(`The model has sliding-window layers (window ${model.slidingWindow}); they keep only the window, so this is an upper bound.`);
  }
  return notes;
}
