/**
 * The KV cache element types llama-server v0.5.0 accepts for `-ctk`/`-ctv`, with their storage
 * cost. Quantized types store blocks of 32 values plus a scale (and a minimum for the `_1`
 * kinds), so bytes per element include that overhead (block sizes of v0.5.0
 * `ggml/src/ggml-common.h`, as ../shared/reference/diagnosis-rules.md §2.4 lists them).
 */
export interface CacheTypeSize {
  /** Values per block: 1 for plain floats. */
  readonly blockElements: number;
  /** Bytes one block takes. */
  readonly blockBytes: number;
}

export const cacheTypeSizes: Readonly<Record<string, CacheTypeSize>> = {
  f32: { blockElements: 1, blockBytes: 4 },
  f16: { blockElements: 1, blockBytes: 2 },
  bf16: { blockElements: 1, blockBytes: 2 },
  q8_0: { blockElements: 32, blockBytes: 34 },
  q4_0: { blockElements: 32, blockBytes: 18 },
  q4_1: { blockElements: 32, blockBytes: 20 },
  iq4_nl: { blockElements: 32, blockBytes: 18 },
  q5_0: { blockElements: 32, blockBytes: 22 },
  q5_1: { blockElements: 32, blockBytes: 24 },
};

/** True for the block-quantized types (everything but f32, f16 and bf16). */
export function isQuantizedCacheType(type: string): boolean {
  return (cacheTypeSizes[type]?.blockElements ?? 1) > 1;
}

/**
 * Bytes of one row of `elements` values of `type`, as ggml lays it out (whole blocks). Throws
 * on a type llama-server does not accept for the KV cache.
 */
export function cacheRowBytes(type: string, elements: number): number {
  const size = cacheTypeSizes[type];
  if (size === undefined) throw new Error(`'${type}' is not a KV cache type llama-server accepts`);
  return Math.ceil(elements / size.blockElements) * size.blockBytes;
}
