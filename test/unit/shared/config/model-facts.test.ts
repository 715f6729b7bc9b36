import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelFactsFromGguf } from '../../../../src-shared/config/model-facts';

const base = {
  'general.architecture': 'qwen2',
  'qwen2.block_count': 3n,
  'qwen2.embedding_length': 1024,
  'qwen2.attention.head_count': 16,
  'qwen2.context_length': 32768,
};

describe('model facts from GGUF metadata', () => {
  it('defaults the KV heads to the heads and the head size to embedding / heads', () => {
    expect(modelFactsFromGguf(base, 1000)).toEqual({ architecture: 'qwen2', fileBytes: 1000, layers: 3, embeddingLength: 1024, headCount: 16, kvHeadsPerLayer: [16, 16, 16], keyLength: 64, valueLength: 64, contextLength: 32768 });
  });

  it('reads per-layer KV heads, explicit key and value lengths, a sliding window and experts', () => {
    const facts = modelFactsFromGguf({ ...base, 'qwen2.attention.head_count_kv': [2, 4, 0], 'qwen2.attention.key_length': 128, 'qwen2.attention.value_length': 96, 'qwen2.attention.sliding_window': 4096, 'qwen2.expert_count': 8, 'qwen2.expert_used_count': 2, 'general.name': 'Tiny' }, 1);
    expect(facts).toMatchObject({ kvHeadsPerLayer: [2, 4, 0], keyLength: 128, valueLength: 96, slidingWindow: 4096, expertCount: 8, expertUsedCount: 2, name: 'Tiny' });
  });

  it('refuses counts that are not positive and KV heads that do not cover every layer', () => {
    expect(() => modelFactsFromGguf({ ...base, 'qwen2.block_count': 0 }, 1)).toThrow("the GGUF header's qwen2.block_count is 0, not a positive count");
    expect(() => modelFactsFromGguf({ ...base, 'qwen2.attention.head_count_kv': [2, 4] }, 1)).toThrow('does not give a KV head count for each of the 3 layers');
  });

  it('names the key it misses', () => {
    const { ['qwen2.context_length']: _dropped, ...rest } = base;
    expect(() => modelFactsFromGguf(rest, 1)).toThrow('the GGUF header has no qwen2.context_length');
    expect(() => modelFactsFromGguf({}, 1)).toThrow('the GGUF header has no general.architecture');
  });

  it('either reads facts or throws an Error for any metadata a file may hold', () => {
    const value = fc.oneof(fc.integer(), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.string(), fc.array(fc.integer(), { maxLength: 4 }), fc.constant(null));
    const keys = fc.constantFrom('general.architecture', 'llama.block_count', 'llama.embedding_length', 'llama.attention.head_count', 'llama.attention.head_count_kv', 'llama.context_length', 'llama.attention.key_length');
    fc.assert(
      fc.property(fc.dictionary(keys, value), (metadata) => {
        let outcome: ReturnType<typeof modelFactsFromGguf> | Error;
        try {
          outcome = modelFactsFromGguf({ 'general.architecture': 'llama', ...metadata }, 1);
        } catch (error) {
          outcome = error as Error;
        }
        if (outcome instanceof Error) {
          expect(outcome.message).toMatch(/^the GGUF header/);
          return;
        }
        expect(outcome.kvHeadsPerLayer).toHaveLength(outcome.layers);
        expect(outcome.layers).toBeGreaterThan(0);
        expect(outcome.keyLength).toBeGreaterThan(0);
      }),
    );
  });
});
