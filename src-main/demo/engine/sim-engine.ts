import { performance } from 'node:perf_hooks';
import { batchCost, defaultCostConstants, type CostConstants, type CostSettings, type TokenSegment } from './cost-model';
import type { ChatMessage, DecodeBatch, DecodeOutcome, Engine, EngineInfo, EngineModelInfo, SampledToken, SamplingParams } from './engine';
import { ToyTokenizer, eosId, eosText, bosText } from './toy-tokenizer';
import { WordGenerator, createRandom } from './word-generator';

export interface SimEngineOptions {
  readonly cost: CostSettings;
  readonly constants?: CostConstants;
  /** Fixed-timing mode: every batch takes exactly this long, whatever its size (cost model off). */
  readonly fixedTokenMs?: number;
  /** Chance an answer ends at each sentence end, unless the request ignores EOS. */
  readonly eosChance: number;
  /** Model path shown in responses (-m); the sim never reads it. */
  readonly modelPath?: string;
}

/**
 * Lateness the pacing clock forgives. Timers fire a millisecond or more late and the server
 * spends real CPU writing chunks between batches (llama.cpp does that on other threads), so a
 * batch may start late by up to this much and still end on its modeled schedule; beyond it the
 * process is overloaded and the clock restarts from now, so overload shows as lower throughput.
 */
const maxCatchUpMs = 50;

const chatMlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export const simModelInfo: Omit<EngineModelInfo, 'path'> = {
  nVocab: 32000,
  nCtxTrain: 16384,
  nEmbd: 2048,
  nParams: 1_100_048_384,
  sizeBytes: 667_815_936,
  ftype: 'Q4_K - Medium',
  vocabType: 1,
  bosToken: bosText,
  eosToken: eosText,
  chatTemplate: chatMlTemplate,
};

/** The demo's simulated engine: toy tokens, plausible words, and batch timings from the cost model. */
export class SimEngine implements Engine {
  readonly info: EngineInfo;
  private readonly tokenizer: ToyTokenizer;
  private readonly generators = new Map<number, WordGenerator>();
  private nextFreeMs = Number.NEGATIVE_INFINITY;
  /** The batch being waited for, so close() need not wait out a long modeled batch. */
  private pending: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  private closed = false;

  constructor(private readonly options: SimEngineOptions) {
    this.info = {
      kind: 'sim',
      buildInfo: 'b0-demo',
      model: { ...simModelInfo, path: options.modelPath ?? 'llmwb-demo-sim-1b-q4_k_m.gguf' },
    };
    this.tokenizer = new ToyTokenizer(simModelInfo.nVocab);
  }

  tokenize(text: string, addSpecial: boolean): number[] {
    return this.tokenizer.tokenize(text, addSpecial);
  }

  detokenize(tokens: readonly number[]): string {
    return this.tokenizer.detokenize(tokens);
  }

  applyChatTemplate(messages: readonly ChatMessage[]): string {
    const turns = messages.map((message) => `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`);
    return `${turns.join('')}<|im_start|>assistant\n`;
  }

  beginSequence(slotId: number, sampling: SamplingParams): void {
    this.generators.set(slotId, new WordGenerator(sampling.seed, this.options.eosChance, sampling.ignoreEos));
  }

  async decode(batch: DecodeBatch): Promise<DecodeOutcome> {
    const segments: TokenSegment[] = batch.items.map((item) => ({ count: item.tokens.length, startPos: item.nPast }));
    const cost = batchCost(segments, this.options.cost, this.options.constants ?? defaultCostConstants);
    const durationMs = this.options.fixedTokenMs ?? cost.durationMs;
    const sampled: SampledToken[] = [];
    for (const item of batch.items) {
      if (!item.sample) continue;
      const next = this.generators.get(item.slotId)?.next() ?? { piece: '', isEog: true };
      const token = next.isEog ? eosId : this.tokenizer.idOf(next.piece);
      sampled.push({ slotId: item.slotId, token, piece: next.piece, isEog: next.isEog });
    }
    await this.pace(durationMs);
    return { sampled, decodeCalls: this.options.fixedTokenMs === undefined ? cost.decodeCalls : 1 };
  }

  /** The server went idle: the next batch starts from now, not from the end of the last one. */
  onIdle(): void {
    this.nextFreeMs = Number.NEGATIVE_INFINITY;
  }

  embed(tokens: readonly number[]): number[] {
    const random = createRandom(tokens.reduce((hash, id) => Math.imul(hash ^ id, 0x01000193) >>> 0, 0x811c9dc5));
    const vector = Array.from({ length: simModelInfo.nEmbd }, () => random() * 2 - 1);
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generators.clear();
    if (this.pending !== null) {
      clearTimeout(this.pending.timer);
      this.pending.resolve();
      this.pending = null;
    }
  }

  /** Waits until the batch's modeled end: batches run back to back on one modeled timeline. */
  private async pace(durationMs: number): Promise<void> {
    const now = performance.now();
    const start = now - this.nextFreeMs > maxCatchUpMs ? now : Math.max(this.nextFreeMs, now - maxCatchUpMs);
    this.nextFreeMs = start + durationMs;
    const waitMs = this.nextFreeMs - now;
    if (waitMs < 1 || this.closed) {
      // Yield even when no wait is due: the event loop must still get to new requests between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.pending = null;
        resolve();
      };
      this.pending = { timer: setTimeout(done, waitMs), resolve: done };
    });
  }
}
