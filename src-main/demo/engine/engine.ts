/**
 * What the demo server needs from an inference engine. The server (slots, queue, batching,
 * HTTP) is engine-agnostic; the engine only tokenizes, decodes batches and samples. The sim
 * engine models the cost of a batch on a simulated host; a real engine (node-llama-cpp, a later
 * issue) decodes the batch for real behind the same calls.
 */

export interface EngineModelInfo {
  /** Model path as given (-m) or the engine's own name: the default model id in responses. */
  readonly path: string;
  readonly nVocab: number;
  readonly nCtxTrain: number;
  readonly nEmbd: number;
  readonly nParams: number;
  readonly sizeBytes: number;
  readonly ftype: string;
  /** llama.cpp's vocab type number (1 = SPM). */
  readonly vocabType: number;
  readonly bosToken: string;
  readonly eosToken: string;
  readonly chatTemplate: string;
}

export interface EngineInfo {
  /** Short engine name reported in /props (`sim`). */
  readonly kind: string;
  /** Reported as `build_info` and `system_fingerprint` in place of llama.cpp's `b<N>-<commit>`. */
  readonly buildInfo: string;
  readonly model: EngineModelInfo;
}

export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

export interface SamplingParams {
  /** 32-bit seed; the same seed and prompt give the same answer. */
  readonly seed: number;
  readonly temperature: number;
  /** Never sample end-of-generation (llama.cpp biases EOS to -inf). */
  readonly ignoreEos: boolean;
}

/** One slot's share of a batch. */
export interface BatchItem {
  readonly slotId: number;
  /** Prompt tokens of this chunk, or the single token sampled at the previous step. */
  readonly tokens: readonly number[];
  /** Tokens already in the slot's KV cache before this item: the position of its first token. */
  readonly nPast: number;
  /** Whether the engine samples a token after this item (a decode step, or a prompt's last chunk). */
  readonly sample: boolean;
  readonly isPrompt: boolean;
}

export interface DecodeBatch {
  readonly items: readonly BatchItem[];
}

export interface SampledToken {
  readonly slotId: number;
  readonly token: number;
  /** Text of the token; empty for end-of-generation. */
  readonly piece: string;
  readonly isEog: boolean;
}

export interface DecodeOutcome {
  readonly sampled: readonly SampledToken[];
  /** llama_decode calls this batch took (for llamacpp:n_decode_total). */
  readonly decodeCalls: number;
}

export interface Engine {
  readonly info: EngineInfo;
  /** Token ids of `text`; `addSpecial` prepends BOS as completions do. Special markers count as one token. */
  tokenize(text: string, addSpecial: boolean): number[];
  /** Text of token ids, as /detokenize renders them (BOS as `<s> `). */
  detokenize(tokens: readonly number[]): string;
  /** The templated prompt of a chat, ending with the assistant's turn opener. */
  applyChatTemplate(messages: readonly ChatMessage[]): string;
  /** A new task starts in `slotId`; the engine keeps the first `keepTokens` cached tokens of that slot. */
  beginSequence(slotId: number, sampling: SamplingParams, keepTokens: number): void;
  /**
   * Computes one batch (all slots together) and samples where asked. Resolves when the compute is
   * done; calls never overlap (the server awaits each before building the next).
   */
  decode(batch: DecodeBatch): Promise<DecodeOutcome>;
  /** The server has no work and sleeps until a request arrives (a paced engine restarts its clock). */
  onIdle?(): void;
  /** A pooled, L2-normalized embedding of tokens already decoded as a prompt. */
  embed(tokens: readonly number[]): number[];
  close(): Promise<void>;
}
