import { formatBytes } from '../format/numbers';
import { flagByKey } from '../llama/flag-catalog';
import type { Inventory } from '../schemas/inventory';
import { estimateKvCache } from './memory-estimate';
import { contextPadCells, roundUp } from './kv-layout';
import type { ModelFacts } from './model-facts';

/** What the traffic looks like, in tokens; the presets size contexts and slots from it. */
export interface Workload {
  readonly promptP50: number;
  readonly promptP95: number;
  readonly outputP50: number;
  readonly outputMax: number;
  /** Concurrent requests the server should carry, when known (`np_demand`). */
  readonly concurrency?: number;
}

/** Mixed chat traffic, the reference's worked example (§3.6): used until the user's own traffic is measured. */
export const defaultChatWorkload: Workload = { promptP50: 1500, promptP95: 3000, outputP50: 300, outputMax: 1024 };

/**
 * Rules of thumb behind the presets (../shared/reference/diagnosis-rules.md §3 and §5.5), named
 * as such so a report can show them and a user can tune them.
 */
export const presetRulesOfThumb = {
  /** Compute buffers on the GPU, before they are read from the log. */
  computeBufferBytes: 1024 ** 3,
  /** Threads for generation when every layer is on the GPU. */
  fullOffloadThreads: 4,
  /** The most slots the throughput preset picks. */
  maxSlots: 32,
  /** Slots at most on a CPU-only host, where prefill is compute-bound. */
  maxCpuOnlySlots: 4,
  /** Chat-template overhead on top of prompt + answer. */
  templateOverhead: 0.05,
  /** Host RAM kept free. */
  ramHeadroom: 0.1,
} as const;

export type PresetHost = Pick<Inventory, 'cpu' | 'memory' | 'gpus' | 'container' | 'cgroup'>;

/** The quantities of reference §3.2, computed once from the inventory, the model and the workload. */
export interface PresetInputs {
  readonly model: ModelFacts;
  readonly workload: Workload;
  /** Threads worth running: physical cores, capped by affinity, quota and cpuset. */
  readonly cpuBudget: number;
  readonly cpuBudgetReason: string;
  readonly gpuCount: number;
  readonly vramBytes: number;
  /** Memory left for the KV cache after weights, buffers and margins (VRAM with a GPU, else RAM). */
  readonly kvBudgetBytes: number;
  readonly kvBudgetReason: string;
  /** Tokens of context one request needs: round_up_256(P95 + Omax + 5 %), at most the training context. */
  readonly ctxReq: number;
  readonly bytesPerTokenF16: number;
  readonly bytesPerTokenQ8: number;
  /** Slots of ctxReq that fit the KV budget at f16 and at q8_0. */
  readonly npMemF16: number;
  readonly npMemQ8: number;
  /** Generation threads with full offload: min(4, cpu budget). */
  readonly tGpu: number;
}

/** Derives the preset inputs (reference §3.2). Pure. */
export function presetInputs(host: PresetHost, model: ModelFacts, workload: Workload = defaultChatWorkload): PresetInputs {
  const rot = presetRulesOfThumb;
  const gpus = host.gpus.filter((gpu) => (gpu.memoryTotalBytes ?? 0) > 0);
  const vramBytes = gpus.reduce((sum, gpu) => sum + (gpu.memoryTotalBytes ?? 0), 0);
  const { budget: cpuBudget, reason: cpuBudgetReason } = cpuBudgetOf(host);
  const kv = gpus.length > 0 ? gpuKvBudget(vramBytes, gpus.length, model) : ramKvBudget(host, model);
  const wanted = roundUp((workload.promptP95 + workload.outputMax) * (1 + rot.templateOverhead), contextPadCells);
  const ctxReq = Math.min(wanted, Math.floor(model.contextLength / contextPadCells) * contextPadCells);
  const perToken = (type: string): number => estimateKvCache({ flags: { ctxSize: contextPadCells, parallel: 1, cacheTypeK: type, cacheTypeV: type } }, model)?.bytesPerCell ?? 0;
  const bytesPerTokenF16 = perToken('f16');
  const bytesPerTokenQ8 = perToken('q8_0');
  const slotsOf = (bytesPerToken: number): number => Math.floor(Math.floor(kv.bytes / bytesPerToken / contextPadCells) * contextPadCells / ctxReq);
  return {
    model,
    workload,
    cpuBudget,
    cpuBudgetReason,
    gpuCount: gpus.length,
    vramBytes,
    kvBudgetBytes: kv.bytes,
    kvBudgetReason: kv.reason,
    ctxReq,
    bytesPerTokenF16,
    bytesPerTokenQ8,
    npMemF16: slotsOf(bytesPerTokenF16),
    npMemQ8: slotsOf(bytesPerTokenQ8),
    tGpu: Math.min(rot.fullOffloadThreads, cpuBudget),
  };
}

/** True when weights, `contextTokens` of f16 KV, compute buffers and the --fit margin fit the VRAM. */
export function isFullOffload(inputs: PresetInputs, contextTokens: number, bytesPerToken = inputs.bytesPerTokenF16): boolean {
  if (inputs.gpuCount === 0) return false;
  const needs = inputs.model.fileBytes + contextTokens * bytesPerToken + presetRulesOfThumb.computeBufferBytes + fitMarginBytes() * inputs.gpuCount;
  return needs <= inputs.vramBytes;
}

/** `--fit-target`'s default margin per device, from the catalog (1024 MiB in v0.5.0). */
function fitMarginBytes(): number {
  const value = flagByKey('fitTarget')?.defaultValue;
  const mib = Array.isArray(value) ? Number(value[0]) : 1024;
  return mib * 1024 * 1024;
}

function cpuBudgetOf(host: PresetHost): { budget: number; reason: string } {
  const { cpu } = host;
  const smt = cpu.threadsPerCore > 1 ? `${cpu.threads} logical with SMT ${cpu.threadsPerCore}` : 'no SMT';
  const limits: { count: number; why: string }[] = [{ count: cpu.physicalCores, why: `${cpu.physicalCores} physical cores (${smt})` }];
  if (cpu.allowedCpus > 0 && cpu.allowedCpus < cpu.physicalCores) limits.push({ count: cpu.allowedCpus, why: `an affinity of ${cpu.allowedCpus} CPUs` });
  const quota = host.cgroup?.cpuQuotaCpus ?? host.container?.cpuLimit ?? null;
  if (quota !== null) limits.push({ count: Math.max(1, Math.floor(quota)), why: `a CPU quota of ${quota} CPUs` });
  const cpuset = host.cgroup?.cpusetCount ?? null;
  if (cpuset !== null && cpuset > 0) limits.push({ count: cpuset, why: `a cpuset of ${cpuset} CPUs` });
  const tightest = limits.reduce((a, b) => (b.count < a.count ? b : a));
  const others = limits.filter((limit) => limit !== tightest).map((limit) => limit.why);
  const reason = `The CPU budget is ${tightest.count} threads, set by ${tightest.why}${others.length > 0 ? ` (also: ${others.join(', ')})` : ''}; hyperthreads do not help the matrix work.`;
  return { budget: Math.max(1, tightest.count), reason };
}

function gpuKvBudget(vramBytes: number, gpuCount: number, model: ModelFacts): { bytes: number; reason: string } {
  const margin = fitMarginBytes() * gpuCount;
  const bytes = Math.max(0, vramBytes - model.fileBytes - presetRulesOfThumb.computeBufferBytes - margin);
  const gpus = gpuCount === 1 ? 'The GPU has' : `The ${gpuCount} GPUs have`;
  return { bytes, reason: `${gpus} ${formatBytes(vramBytes)} of VRAM; the ${formatBytes(model.fileBytes)} model, about ${formatBytes(presetRulesOfThumb.computeBufferBytes)} of compute buffers (rule of thumb) and the ${formatBytes(margin)} --fit margin leave ${formatBytes(bytes)} for the KV cache.` };
}

function ramKvBudget(host: PresetHost, model: ModelFacts): { bytes: number; reason: string } {
  const limits = [host.container?.memoryLimitBytes, host.cgroup?.memoryMaxBytes].filter((n): n is number => typeof n === 'number' && n > 0);
  const memory = Math.min(host.memory.totalBytes, ...limits);
  const where = memory < host.memory.totalBytes ? `The container may use ${formatBytes(memory)}` : `The host has ${formatBytes(memory)} of RAM and no GPU`;
  const cacheRamMiB = flagByKey('cacheRam')?.defaultValue;
  const cacheRam = (typeof cacheRamMiB === 'number' && cacheRamMiB > 0 ? cacheRamMiB : 0) * 1024 * 1024;
  const headroom = memory * presetRulesOfThumb.ramHeadroom;
  const bytes = Math.max(0, memory - headroom - model.fileBytes - cacheRam);
  return { bytes, reason: `${where}; less 10 % headroom (rule of thumb), the ${formatBytes(model.fileBytes)} model and the ${formatBytes(cacheRam)} --cache-ram prompt cache, that leaves ${formatBytes(bytes)} for the KV cache.` };
}
