import type { ControlledEvaluateInputItem, LlamaContext, LlamaContextSequence, LlamaModel, Token, TokenBias } from 'node-llama-cpp';
import type { BatchItem, ChatMessage, DecodeBatch, DecodeOutcome, Engine, EngineInfo, SampledToken, SamplingParams } from './engine';
import { PieceDecoder } from './llama-text';

/** llama-server v0.5.0's default sampler settings (the captured /props `default_generation_settings`). */
const defaultSampler = { topK: 40, topP: 0.95, minP: 0.05 } as const;

/** What the loader hands the engine: everything is created before the engine exists. */
export interface LlamaEngineParts {
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly info: EngineInfo;
  /** Batch dispatches of the context so far (its dispatchSchedule counts them). */
  readonly dispatches: () => number;
  /** A token bias that forbids every end-of-generation token, for `ignore_eos`. */
  readonly noEogBias: TokenBias;
  /** Where the engine reports what went wrong with a batch (stderr in the CLI). */
  readonly warn: (line: string) => void;
}

/** One server slot's sequence in the shared context. */
interface LlamaSlot {
  readonly sequence: LlamaContextSequence;
  readonly decoder: PieceDecoder;
  sampling: SamplingParams;
  /**
   * The tokens the scheduler believes this slot's KV holds, kept from what it asks for. Before each
   * batch the real sequence is aligned to it, so prompt-cache reuse, context shift and a failed
   * batch all end with the KV the scheduler expects.
   */
  mirror: number[];
  /** True from beginSequence until the task's first batch: only then may the cache be cut at its tail. */
  isFresh: boolean;
}

/**
 * llama.cpp in-process through node-llama-cpp: one context whose sequences are the server's slots.
 * Each `decode` queues every slot's share of the batch at once, so node-llama-cpp packs them into
 * one llama_decode (continuous batching across slots, as llama-server does), then samples where
 * the scheduler asks. All numbers the server reports come from this real work.
 */
export class LlamaEngine implements Engine {
  readonly info: EngineInfo;
  private readonly slots: LlamaSlot[];
  private inFlight: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly parts: LlamaEngineParts) {
    this.info = parts.info;
    const count = parts.context.totalSequences;
    this.slots = Array.from({ length: count }, () => ({
      sequence: parts.context.getSequence({ contextShift: { strategy: refuseContextShift } }),
      decoder: new PieceDecoder(parts.model),
      sampling: { seed: 0, temperature: 0, ignoreEos: false },
      mirror: [],
      isFresh: true,
    }));
  }

  tokenize(text: string, addSpecial: boolean): number[] {
    // Special markers are parsed as llama-server parses prompts; BOS only when asked and the vocab wants it.
    const tokens = this.parts.model.tokenize(text, true);
    const bos = this.parts.model.tokens.bos;
    return addSpecial && bos !== null && addsBos(this.parts.model) ? [bos, ...tokens] : tokens;
  }

  detokenize(tokens: readonly number[]): string {
    return this.parts.model.detokenize(asTokens(tokens.filter((token) => this.isValidToken(token))), true);
  }

  applyChatTemplate(messages: readonly ChatMessage[]): string {
    const turns = messages.map((message) => `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`);
    return `${turns.join('')}<|im_start|>assistant\n`;
  }

  beginSequence(slotId: number, sampling: SamplingParams, keepTokens: number): void {
    const slot = this.slotAt(slotId);
    slot.sampling = sampling;
    slot.mirror.length = Math.min(keepTokens, slot.mirror.length);
    slot.isFresh = true;
    slot.decoder.reset(slot.mirror);
  }

  async decode(batch: DecodeBatch): Promise<DecodeOutcome> {
    if (this.closed) return { sampled: [], decodeCalls: 0 };
    const work = this.compute(batch);
    this.inFlight = work.catch(() => undefined);
    return work;
  }

  embed(): number[] {
    throw new Error('the llama engine computes no embeddings: startDemoServer refuses --embeddings with it');
  }

  /** Waits for the batch being computed, then frees the context and the model. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inFlight;
    await this.parts.context.dispose();
    await this.parts.model.dispose();
  }

  /**
   * First every slot's KV is aligned with what the scheduler expects (erasing is async and takes
   * the context's lock), then every slot's tokens are queued in the same tick: node-llama-cpp
   * dispatches on the next event-loop cycle, so they all land in one batch.
   */
  private async compute(batch: DecodeBatch): Promise<DecodeOutcome> {
    const replays = await Promise.all(batch.items.map((item) => this.align(item)));
    const before = this.parts.dispatches();
    const results = await Promise.all(batch.items.map((item, index) => this.evaluate(item, replays[index] ?? [])));
    const sampled = results.filter((token): token is SampledToken => token !== null);
    return { sampled, decodeCalls: this.parts.dispatches() - before };
  }

  /**
   * Brings the slot's real sequence in line with the first `nPast` tokens the scheduler expects,
   * and returns the expected tokens the sequence lacks (to evaluate ahead of the item's own).
   */
  private async align(item: BatchItem): Promise<number[]> {
    const slot = this.slotAt(item.slotId);
    const isShift = !slot.isFresh && item.nPast < slot.mirror.length;
    // Only a context shift shrinks a running slot's cache: the scheduler drops tokens at its head.
    if (isShift) slot.mirror.splice(0, slot.mirror.length - item.nPast);
    slot.isFresh = false;
    const expected = slot.mirror.slice(0, item.nPast);
    const actual = slot.sequence.contextTokens;
    const shifted = actual.length - expected.length;
    if (isShift && shifted > 0 && startsAt(actual, expected, shifted)) {
      // The same tokens after a head discard: erase the head and let llama.cpp shift positions, as it does.
      await slot.sequence.eraseContextTokenRanges([{ start: 0, end: shifted }]);
      return [];
    }
    const keep = slot.sequence.compareContextTokens(asTokens(expected)).firstDifferentIndex;
    if (keep < actual.length) await slot.sequence.eraseContextTokenRanges([{ start: keep, end: actual.length }]);
    return expected.slice(keep);
  }

  private async evaluate(item: BatchItem, replay: readonly number[]): Promise<SampledToken | null> {
    const slot = this.slotAt(item.slotId);
    const tokens = item.tokens.map((token) => (this.isValidToken(token) ? token : this.unknownToken()));
    const input = [...replay, ...tokens];
    try {
      const output = await slot.sequence.controlledEvaluate(this.inputOf(input, item, slot));
      if (item.isPrompt) slot.decoder.observe(tokens);
      if (!item.sample) return null;
      const token = output[input.length - 1]?.next?.token ?? null;
      return this.sampledToken(item.slotId, token);
    } catch (error) {
      this.parts.warn(`llama engine: slot ${item.slotId}: batch failed (${error instanceof Error ? error.message : String(error)}); ending its answer`);
      return item.sample ? this.sampledToken(item.slotId, null) : null;
    } finally {
      // The scheduler counts these tokens as cached whatever happened; the next align repairs the KV.
      for (const token of tokens) slot.mirror.push(token); // not push(...tokens): a prompt batch of -b tokens can exceed the argument limit
    }
  }

  /** The item's tokens, with the sampler on the last one when the scheduler wants a token back. */
  private inputOf(input: readonly number[], item: BatchItem, slot: LlamaSlot): ControlledEvaluateInputItem[] {
    if (!item.sample) return asTokens(input);
    const last = input.length - 1;
    const options = {
      temperature: Math.max(0, slot.sampling.temperature),
      ...defaultSampler,
      // One sampler per step: seeding it from the request's seed and the position keeps answers repeatable.
      seed: stepSeed(slot.sampling.seed, item.nPast + input.length),
      ...(slot.sampling.ignoreEos ? { tokenBias: this.parts.noEogBias } : {}),
    };
    return asTokens(input).map((token, index): ControlledEvaluateInputItem => (index === last ? [token, { generateNext: { token: true, options } }] : token));
  }

  private sampledToken(slotId: number, token: number | null): SampledToken {
    const eos = this.parts.model.tokens.eos ?? 0;
    if (token === null || this.parts.model.isEogToken(token as Token)) return { slotId, token: token ?? eos, piece: '', isEog: true };
    return { slotId, token, piece: this.slotAt(slotId).decoder.next(token), isEog: false };
  }

  private isValidToken(token: number): boolean {
    return Number.isInteger(token) && token >= 0 && token < this.info.model.nVocab;
  }

  /** Out-of-vocabulary ids from a client are fed as the unknown token, so positions stay aligned. */
  private unknownToken(): number {
    return 0;
  }

  private slotAt(slotId: number): LlamaSlot {
    const slot = this.slots[slotId];
    if (slot === undefined) throw new Error(`llama engine: no sequence for slot ${slotId}`);
    return slot;
  }
}

/** node-llama-cpp brands token ids; the scheduler's ids are the same numbers. */
function asTokens(ids: readonly number[]): Token[] {
  return ids as Token[];
}

/** node-llama-cpp would discard tokens on its own when a sequence fills; the scheduler decides that instead. */
function refuseContextShift(): never {
  throw new Error('the sequence is full: the scheduler should have stopped or shifted this slot first');
}

function startsAt(actual: readonly number[], expected: readonly number[], offset: number): boolean {
  for (let index = 0; index < expected.length; index += 1) if (actual[index + offset] !== expected[index]) return false;
  return true;
}

/** SentencePiece vocabularies want BOS unless the GGUF says otherwise (`tokenizer.ggml.add_bos_token`). */
function addsBos(model: LlamaModel): boolean {
  const meta = model.fileInfo.metadata.tokenizer as { ggml?: { add_bos_token?: unknown } } | undefined;
  return meta?.ggml?.add_bos_token !== false;
}

/** A 32-bit seed for one sampling step (FNV-style mix of the request seed and the position). */
export function stepSeed(seed: number, position: number): number {
  return Math.imul((seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0, 0x01000193) >>> 0;
}
