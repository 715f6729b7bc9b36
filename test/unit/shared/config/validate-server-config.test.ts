import { describe, expect, it } from 'vitest';
import type { ModelFacts } from '../../../../src-shared/config/model-facts';
import { validateServerConfig, validationContextFromInventory } from '../../../../src-shared/config/validate-server-config';
import type { Inventory } from '../../../../src-shared/schemas/inventory';

const stories: ModelFacts = { architecture: 'llama', fileBytes: 1_185_376, layers: 5, embeddingLength: 64, headCount: 8, kvHeadsPerLayer: [4, 4, 4, 4, 4], keyLength: 8, valueLength: 8, contextLength: 2048 };
const eightB: ModelFacts = { ...stories, embeddingLength: 4096, headCount: 32, keyLength: 128, valueLength: 128, contextLength: 8192 };
const cpus16 = { logical: 32, physical: 16, allowed: 32 };

const messages = (flags: Record<string, unknown>, context = {}): string[] => validateServerConfig({ flags: flags as never }, context).map((p) => `${p.severity}: ${p.message}`);

describe('validateServerConfig', () => {
  it('finds nothing wrong with an empty configuration (all llama-server defaults)', () => {
    expect(validateServerConfig({ flags: {} })).toEqual([]);
  });

  it('reports a value out of range and an unknown flag, each once, before any interaction rule', () => {
    expect(messages({ parallel: 0, ubatchSize: 99999, batchSize: 16, noSuchFlag: 1 })).toEqual([
      'error: -np 0: 0 is out of range.',
      "error: 'noSuchFlag' is not a llama-server flag of the catalog.",
    ]);
  });

  it('warns that -ub above -b is clamped to -b, reading the catalog default when -b is absent', () => {
    expect(messages({ ubatchSize: 1024, batchSize: 512 })).toEqual(['warning: -ub 1024 is larger than -b 512: llama.cpp clamps the micro-batch to -b, so it runs with -ub 512. Keep -ub ≤ -b.']);
    expect(messages({ ubatchSize: 4096 })).toEqual(['warning: -ub 4096 is larger than -b 2048 (the default): llama.cpp clamps the micro-batch to -b, so it runs with -ub 2048. Keep -ub ≤ -b.']);
    expect(messages({ batchSize: 256 })[0]).toContain('-ub 512 (the default) is larger than -b 256');
  });

  it('says the per-slot context when -c / -np leaves each slot less than 512 tokens without -kvu', () => {
    expect(messages({ ctxSize: 1024, parallel: 4 })).toEqual([
      'warning: Without -kvu each of the 4 slots gets 256 tokens of context (-c 1024 / -np 4, rounded up to 256), less than 512: a prompt and its answer longer than that fail with exceed_context_size_error. Raise -c to at least 2048, lower -np, or share the pool with -kvu.',
    ]);
  });

  it('finds no per-slot problem when the KV cache is unified or -np is auto', () => {
    expect(messages({ ctxSize: 1024, parallel: 4, kvUnified: true })).toEqual([]);
    expect(messages({ ctxSize: 1024 })).toEqual([]);
  });

  it('says when llama.cpp grows a small -c so that every slot gets its 256 cells', () => {
    expect(messages({ ctxSize: 256, parallel: 16 })).toEqual([
      'warning: Without -kvu each of the 16 slots gets 256 tokens of context (-c 256 / -np 16, rounded up to 256); llama.cpp grows the cache to 4096 cells to give each slot that much, less than 512: a prompt and its answer longer than that fail with exceed_context_size_error. Raise -c to at least 8192, lower -np, or share the pool with -kvu.',
    ]);
  });

  it("warns when a slot's context passes the model's training context, resolving -c 0 from the model", () => {
    expect(messages({ ctxSize: 8192, parallel: 1 }, { model: stories })).toEqual([
      'warning: Each slot may hold 8192 tokens but the model was trained on 2048: past that it degrades (llama.cpp warns of training context overflow) while the memory is spent anyway.',
    ]);
    expect(messages({ ctxSize: 0, parallel: 8 }, { model: stories })[0]).toContain('each of the 8 slots gets 256 tokens of context (-c 2048 / -np 8');
  });

  it('refuses a quantized V cache with -fa off, and explains what -fa auto does with it', () => {
    expect(messages({ cacheTypeV: 'q8_0', flashAttn: 'off' })).toEqual([
      'error: -ctv q8_0 is a quantized V cache, which needs flash attention, and -fa off turns it off: llama-server refuses to start ("quantized V cache requires flash_attn to be enabled"). Use -fa on, or -ctv f16.',
    ]);
    expect(messages({ cacheTypeV: 'q4_0' })).toEqual([
      'warning: -ctv q4_0 is a quantized V cache, which needs flash attention: with -fa auto llama-server turns it on ("enabling flash_attn since it is required for quantized V cache"), and where the GPU backend has no flash-attention kernel for q4_0 attention runs on the CPU. Say -fa on to make the choice explicit.',
    ]);
    expect(messages({ cacheTypeV: 'q8_0', cacheTypeK: 'q8_0', flashAttn: 'on' })).toEqual([]);
  });

  it("refuses quantized cache blocks that do not divide the model's head size under flash attention", () => {
    expect(messages({ cacheTypeK: 'q8_0', cacheTypeV: 'q8_0', flashAttn: 'on' }, { model: stories })).toEqual([
      "error: -ctk q8_0 stores blocks of 32 values, which do not divide this model's K head size of 8: with flash attention llama-server refuses to start. Use -ctk f16 (or -fa off, for K only).",
      "error: -ctv q8_0 stores blocks of 32 values, which do not divide this model's V head size of 8: with flash attention llama-server refuses to start. Use -ctv f16 (or -fa off, for K only).",
    ]);
    expect(messages({ cacheTypeK: 'q8_0', flashAttn: 'off' }, { model: stories })).toEqual([]);
    expect(messages({ cacheTypeK: 'q8_0', cacheTypeV: 'q8_0', flashAttn: 'on' }, { model: eightB })).toEqual([]);
  });

  it('warns when -t and -tb run more threads than the CPUs the cgroup allows', () => {
    expect(messages({ threads: 8, threadsBatch: 16 }, { cpus: cpus16, cgroup: { quotaCpus: 4.5 } })).toEqual([
      'warning: -t 8 runs 8 threads, but the server may use only 4 CPUs (its cgroup quota is 4.5 CPUs): the threads oversubscribe them and wait on each other at every step. Use -t 4.',
      'warning: -tb 16 runs 16 threads, but the server may use only 4 CPUs (its cgroup quota is 4.5 CPUs): the threads oversubscribe them and wait on each other at every step. Use -tb 4.',
    ]);
  });

  it("warns that an unset -t counts physical cores and ignores the server's cpuset", () => {
    expect(messages({}, { cpus: cpus16, cgroup: { cpusetCount: 6 } })).toEqual([
      'warning: -t unset (llama-server starts one thread per physical core: 16, ignoring CPU limits) runs 16 threads, but the server may use only 6 CPUs (its cpuset holds 6 CPUs): the threads oversubscribe them and wait on each other at every step. Use -t 6.',
    ]);
  });

  it('warns that -t -1 means every logical CPU, past the physical cores', () => {
    expect(messages({ threads: -1 }, { cpus: cpus16 })).toEqual([
      'warning: -t -1 (every logical CPU: 32) runs 32 threads on 16 physical cores: hyperthreads do not help llama.cpp\'s matrix work and usually slow generation. Try -t 16.',
    ]);
  });

  it("warns when the container's --cpus or --cpuset-cpus is below the thread count", () => {
    expect(messages({ threads: 8 }, { container: { cpus: 2, cpusetCount: 4 } })).toEqual([
      'warning: The container runs with --cpus 2 but -t 8 starts 8 threads: the quota throttles them and the slowdown is far larger than 8/2. Use -t 2, or raise --cpus.',
      'warning: --cpuset-cpus gives the container 4 CPUs but -t 8 starts 8 threads: they share those CPUs and wait on each other. Use -t 4.',
    ]);
    expect(messages({ threads: 2 }, { container: { cpus: 2.5, cpusetCount: 4 } })).toEqual([]);
  });

  it("takes CPUs, affinity and the container's limit from an inventory", () => {
    const inventory = {
      cpu: { threads: 32, physicalCores: 16, allowedCpus: 32 },
      cgroup: null,
      container: { cpuLimit: 4 },
      server: null,
    } as unknown as Inventory;
    expect(validationContextFromInventory(inventory, stories)).toEqual({ cpus: cpus16, cgroup: { quotaCpus: 4, cpusetCount: null }, model: stories });
  });
});
