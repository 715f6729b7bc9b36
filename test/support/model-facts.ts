import type { ModelFacts } from '../../src-shared/config/model-facts';

const gib = 1024 ** 3;

/**
 * The diagnosis reference's worked example (§3.6): an 8B dense Q4_K_M model, 4.6 GiB, 32 layers,
 * 8 KV heads × 128 (128 KiB of f16 KV cache per token).
 */
export const eightBModel: ModelFacts = {
  architecture: 'llama',
  fileBytes: 4.6 * gib,
  layers: 32,
  embeddingLength: 4096,
  headCount: 32,
  kvHeadsPerLayer: Array.from({ length: 32 }, () => 8),
  keyLength: 128,
  valueLength: 128,
  contextLength: 131072,
};
