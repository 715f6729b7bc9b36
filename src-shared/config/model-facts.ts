/**
 * What a configuration needs to know about its model, read from the GGUF header: enough to size
 * the KV cache and the weights, and to pick presets. Pure data; the core reads it on the host
 * (src-main/core/configure/gguf-header.ts) and the renderer only shows it.
 */
export interface ModelFacts {
  /** `general.architecture` (`llama`, `qwen2` …). */
  readonly architecture: string;
  readonly name?: string;
  /** Bytes of the model file: what the weights take in memory, near enough (reference §2.2). */
  readonly fileBytes: number;
  /** `block_count`: transformer layers. */
  readonly layers: number;
  readonly embeddingLength: number;
  readonly headCount: number;
  /** KV heads of each layer (GQA); GGUF may give one number for all layers or one per layer. */
  readonly kvHeadsPerLayer: readonly number[];
  /** Per-head key and value sizes (`attention.key_length`, default embedding / heads). */
  readonly keyLength: number;
  readonly valueLength: number;
  /** `context_length`: the training context, what `-c 0` means. */
  readonly contextLength: number;
  /** `attention.sliding_window` when the model has sliding-window layers. */
  readonly slidingWindow?: number;
  readonly expertCount?: number;
  readonly expertUsedCount?: number;
}

/** GGUF metadata as a plain record (`llama.block_count` → 5); numbers may come as bigint. */
export type GgufMetadata = Readonly<Record<string, unknown>>;

/**
 * Reads ModelFacts from GGUF metadata. Throws with the missing key's name when the header lacks
 * one the estimate cannot do without (an embedding model of an exotic architecture, a broken file).
 */
export function modelFactsFromGguf(metadata: GgufMetadata, fileBytes: number): ModelFacts {
  const architecture = metadata['general.architecture'];
  if (typeof architecture !== 'string') throw new Error('the GGUF header has no general.architecture');
  const key = (name: string): string => `${architecture}.${name}`;
  const required = (name: string): number => {
    const value = asNumber(metadata[key(name)]);
    if (value === undefined) throw new Error(`the GGUF header has no ${key(name)}`);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`the GGUF header's ${key(name)} is ${value}, not a positive count`);
    return value;
  };
  const layers = required('block_count');
  const embeddingLength = required('embedding_length');
  // Some hybrid models give heads per layer (0 for layers without attention): the first non-zero is the head count.
  const headCount = asNumbers(metadata[key('attention.head_count')])?.find((n) => Number.isSafeInteger(n) && n > 0) ?? required('attention.head_count');
  const kvHeads = asNumbers(metadata[key('attention.head_count_kv')]) ?? [headCount];
  const kvHeadsPerLayer = kvHeads.length === 1 ? Array.from({ length: layers }, () => kvHeads[0] ?? headCount) : kvHeads;
  if (kvHeadsPerLayer.length !== layers || kvHeadsPerLayer.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new Error(`the GGUF header's ${key('attention.head_count_kv')} does not give a KV head count for each of the ${layers} layers`);
  }
  const headSize = Math.floor(embeddingLength / headCount);
  const facts: ModelFacts = {
    architecture,
    fileBytes,
    layers,
    embeddingLength,
    headCount,
    kvHeadsPerLayer,
    keyLength: asNumber(metadata[key('attention.key_length')]) ?? headSize,
    valueLength: asNumber(metadata[key('attention.value_length')]) ?? headSize,
    contextLength: required('context_length'),
  };
  if (![facts.keyLength, facts.valueLength].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new Error(`the GGUF header gives a head size of ${facts.keyLength}/${facts.valueLength}, not positive counts`);
  }
  return withOptional(facts, {
    name: typeof metadata['general.name'] === 'string' ? metadata['general.name'] : undefined,
    slidingWindow: asNumber(metadata[key('attention.sliding_window')]),
    expertCount: asNumber(metadata[key('expert_count')]),
    expertUsedCount: asNumber(metadata[key('expert_used_count')]),
  });
}

function withOptional(facts: ModelFacts, optional: Partial<ModelFacts>): ModelFacts {
  const present = Object.entries(optional).filter(([, value]) => value !== undefined);
  return { ...facts, ...Object.fromEntries(present) };
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asNumbers(value: unknown): number[] | undefined {
  if (Array.isArray(value)) {
    const numbers = value.map(asNumber);
    return numbers.every((n): n is number => n !== undefined) && numbers.length > 0 ? numbers : undefined;
  }
  const single = asNumber(value);
  return single === undefined ? undefined : [single];
}
