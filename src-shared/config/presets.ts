import { formatBytes } from '../format/numbers';
import type { FlagValue } from '../llama/flag-types';
import type { ServerConfig } from '../schemas/server-config';
import type { ModelFacts } from './model-facts';
import { contextPadCells, roundUp } from './kv-layout';
import { isFullOffload, presetInputs, presetRulesOfThumb, type PresetHost, type PresetInputs, type Workload } from './preset-inputs';

export { defaultChatWorkload, presetRulesOfThumb, type Workload, type PresetInputs } from './preset-inputs';

export type PresetName = 'conservative' | 'balanced' | 'throughput' | 'latency';

/** A configuration computed for one goal, with the reasons a user reads before picking it. */
export interface Preset {
  readonly name: PresetName;
  readonly title: string;
  /** Flags by catalog key; speculative-decoding flags the catalog lacks are in `extraArgs`. */
  readonly config: ServerConfig;
  /** Sentences: why each value, from the host's cores, GPUs, memory, limits and the model. */
  readonly reasons: readonly string[];
}

/** `-ngl all` as the catalog stores it (keyword `all`). */
const allLayers = -2;
const autoLayers = -1;

/**
 * The four presets of ../shared/reference/diagnosis-rules.md §3.3, computed from the inventory
 * (cores, SMT, quota and cpuset, GPUs and VRAM, RAM and container limits) and the model's GGUF
 * facts, for a workload (the reference's chat example until the user's own is measured). Pure.
 * Each always sets -c, and -kvu or -no-kvu with -np, so nothing is left to --fit's silent choice.
 */
export function presetsFor(host: PresetHost, model: ModelFacts, workload?: Workload): Preset[] {
  const inputs = presetInputs(host, model, workload);
  return [conservative(inputs), balanced(inputs), throughput(inputs), latency(inputs)];
}

interface Placement {
  readonly flags: Record<string, FlagValue>;
  readonly reasons: string[];
}

/** -ngl and -t for a context of `contextTokens`: all layers and few threads when everything fits the GPU. */
function placement(inputs: PresetInputs, contextTokens: number, bytesPerToken?: number): Placement {
  if (inputs.gpuCount === 0) {
    return { flags: { threads: inputs.cpuBudget }, reasons: [`No GPU: every layer runs on the CPU with -t ${inputs.cpuBudget}, the CPU budget.`] };
  }
  if (isFullOffload(inputs, contextTokens, bytesPerToken)) {
    return {
      flags: { gpuLayers: allLayers, threads: inputs.tGpu },
      reasons: [`The ${formatBytes(inputs.model.fileBytes)} model and its KV cache fit in ${formatBytes(inputs.vramBytes)} of VRAM, so -ngl all; with every layer on the GPU the CPU has little to do, so -t ${inputs.tGpu} (rule of thumb: at most ${presetRulesOfThumb.fullOffloadThreads}).`],
    };
  }
  return {
    flags: { gpuLayers: autoLayers, threads: inputs.cpuBudget },
    reasons: [`The model and its KV cache do not fit in ${formatBytes(inputs.vramBytes)} of VRAM, so -ngl auto lets --fit place layers; the CPU layers need -t ${inputs.cpuBudget}, the CPU budget.`],
  };
}

function common(inputs: PresetInputs): string[] {
  return [inputs.cpuBudgetReason, inputs.kvBudgetReason];
}

function contextReason(inputs: PresetInputs): string {
  const w = inputs.workload;
  const cap = inputs.ctxReq < roundUp((w.promptP95 + w.outputMax) * (1 + presetRulesOfThumb.templateOverhead), contextPadCells) ? `, capped by the model's training context of ${inputs.model.contextLength}` : '';
  return `One request needs ${inputs.ctxReq} tokens of context: prompt p95 ${w.promptP95} + answer up to ${w.outputMax} + 5 % template overhead, rounded up to 256${cap}.`;
}

function conservative(inputs: PresetInputs): Preset {
  const slots = (inputs.workload.concurrency ?? 1) > 1 ? 2 : 1;
  const place = placement(inputs, inputs.ctxReq);
  return {
    name: 'conservative',
    title: 'Conservative: stable, defaults first',
    config: { flags: { parallel: slots, kvUnified: true, ctxSize: inputs.ctxReq, ...place.flags, flashAttn: 'auto', metrics: true } },
    reasons: [...common(inputs), contextReason(inputs), `-np ${slots} with -kvu said explicitly (any -np turns the unified cache off otherwise) and -c ${inputs.ctxReq}: one request at a time gets the whole context.`, ...place.reasons, 'Batch sizes, cache types and flash attention stay at llama-server\'s defaults.'],
  };
}

function balanced(inputs: PresetInputs): Preset {
  const slots = 4;
  const fitsAll = slots * inputs.ctxReq <= Math.floor(inputs.kvBudgetBytes / inputs.bytesPerTokenF16);
  const w = inputs.workload;
  const context = fitsAll ? slots * inputs.ctxReq : Math.max(inputs.ctxReq, Math.ceil((slots * roundUp(w.promptP50 + w.outputP50, contextPadCells) * 1.25) / contextPadCells) * contextPadCells);
  const useQ8 = inputs.npMemF16 < 4 && headSizeTakesQ8(inputs.model);
  const place = placement(inputs, context, useQ8 ? inputs.bytesPerTokenQ8 : inputs.bytesPerTokenF16);
  const isGpu = place.flags['gpuLayers'] === allLayers;
  const ubatch = w.promptP50 >= 1024 && isGpu ? 1024 : 512;
  const flags: Record<string, FlagValue> = { parallel: slots, kvUnified: true, kvUnifiedPerSlot: inputs.ctxReq, ctxSize: context, ...place.flags, threadsBatch: inputs.cpuBudget, ubatchSize: ubatch, batchSize: 2048, flashAttn: inputs.gpuCount > 0 ? 'on' : 'auto', cacheReuse: 256, metrics: true };
  if (useQ8) Object.assign(flags, { cacheTypeK: 'q8_0', cacheTypeV: 'q8_0' });
  return {
    name: 'balanced',
    title: 'Balanced: mixed chat',
    config: { flags },
    reasons: [
      ...common(inputs),
      contextReason(inputs),
      `-np 4 with a unified pool (llama-server's own auto choice) capped at ${inputs.ctxReq} per slot; -c ${context} ${fitsAll ? 'gives all four a full request' : 'is what the KV budget allows for typical requests'}.`,
      ...place.reasons,
      `-tb ${inputs.cpuBudget}: prompt processing scales with cores better than generation. -ub ${ubatch}${ubatch > 512 ? ': prompts are long (p50 ' + String(w.promptP50) + ') and the GPU has room' : ''}.`,
      useQ8 ? `q8_0 KV cache: at f16 only ${inputs.npMemF16} slots of ${inputs.ctxReq} fit.` : `f16 KV cache: ${inputs.npMemF16} slots of ${inputs.ctxReq} fit at f16.`,
      '--cache-reuse 256 reuses cached chunks of chat and agent prompts.',
    ],
  };
}

function throughput(inputs: PresetInputs): Preset {
  const rot = presetRulesOfThumb;
  const useQ8 = inputs.npMemQ8 >= 2 * inputs.npMemF16 && headSizeTakesQ8(inputs.model);
  const npMem = useQ8 ? inputs.npMemQ8 : inputs.npMemF16;
  const cap = inputs.gpuCount === 0 ? rot.maxCpuOnlySlots : rot.maxSlots;
  const slots = Math.max(1, Math.min(npMem, inputs.workload.concurrency ?? Number.POSITIVE_INFINITY, cap));
  const context = slots * inputs.ctxReq;
  const place = placement(inputs, context, useQ8 ? inputs.bytesPerTokenQ8 : inputs.bytesPerTokenF16);
  const ubatch = inputs.gpuCount > 0 ? 2048 : 512;
  const flags: Record<string, FlagValue> = { parallel: slots, kvUnified: false, ctxSize: context, ...place.flags, threadsBatch: inputs.cpuBudget, ubatchSize: ubatch, batchSize: Math.max(2048, 2 * ubatch), flashAttn: inputs.gpuCount > 0 ? 'on' : 'auto', cacheReuse: 256, metrics: true };
  if (useQ8) Object.assign(flags, { cacheTypeK: 'q8_0', cacheTypeV: 'q8_0' });
  const limitedBy = slots === cap ? `the cap of ${cap}${inputs.gpuCount === 0 ? ' on a CPU-only host' : ' (rule of thumb)'}` : slots === inputs.workload.concurrency ? 'the stated concurrency' : 'the KV budget';
  return {
    name: 'throughput',
    title: 'Throughput: batch jobs, many users',
    config: { flags, extraArgs: ['--spec-type', 'none'] },
    reasons: [
      ...common(inputs),
      contextReason(inputs),
      `-np ${slots}, set by ${limitedBy}: ${npMem} slots of ${inputs.ctxReq} fit at ${useQ8 ? 'q8_0' : 'f16'}. Decode reads the weights once per step for all slots, so more slots raise total tok/s.`,
      `-no-kvu with -c ${context}: each slot its own ${inputs.ctxReq}-token stream, which avoids attention across unrelated sequences at high -np.`,
      ...place.reasons,
      `-ub ${ubatch} -b ${Math.max(2048, 2 * ubatch)}: big batches for prefill${inputs.gpuCount > 0 ? ' on the GPU; they enlarge the compute buffers, so re-check the log after applying' : ''}. No speculative decoding.`,
      useQ8 ? `q8_0 KV cache: it fits ${inputs.npMemQ8} slots instead of ${inputs.npMemF16}.` : `f16 KV cache: q8_0 would fit ${inputs.npMemQ8} slots, not at least twice the ${inputs.npMemF16} of f16.`,
    ],
  };
}

function latency(inputs: PresetInputs): Preset {
  const place = placement(inputs, inputs.ctxReq);
  const isGpu = place.flags['gpuLayers'] === allLayers;
  const ubatch = inputs.workload.promptP50 >= 1024 && isGpu ? 1024 : 512;
  return {
    name: 'latency',
    title: 'Latency: one or two interactive users',
    config: {
      flags: { parallel: 1, ctxSize: inputs.ctxReq, ...place.flags, threadsBatch: inputs.cpuBudget, ubatchSize: ubatch, batchSize: ubatch, flashAttn: inputs.gpuCount > 0 ? 'on' : 'auto', cacheReuse: 256, metrics: true, prio: 2 },
      extraArgs: ['--spec-default'],
    },
    reasons: [
      ...common(inputs),
      contextReason(inputs),
      '-np 1: no other stream shares a decode step or stalls it with its prefill.',
      ...place.reasons,
      `-b ${ubatch} = -ub: prefill in short chunks, so a long prompt never holds a step for long.`,
      '--spec-default turns on llama-server\'s default speculative decoding; check its acceptance rate before keeping it. --prio 2 keeps other processes from taking the cores.',
    ],
  };
}

/** q8_0 with flash attention needs the head size to be a multiple of its 32-value blocks. */
function headSizeTakesQ8(model: ModelFacts): boolean {
  return model.keyLength % 32 === 0 && model.valueLength % 32 === 0;
}
