import { readFileSync } from 'node:fs';
import type { ControlledEvaluateInputItem } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem, SampledToken } from '../../../src-main/demo/engine/engine';
import type { LlamaEngine } from '../../../src-main/demo/engine/llama-engine';
import { bundledModelPath, createLlamaEngine, forbidEndOfGeneration, loadLlamaModel } from '../../../src-main/demo/engine/llama-loader';

const greedy = { seed: 42, temperature: 0, ignoreEos: false };
const captured = readFileSync(new URL('../../fixtures/llama-server/v0.5.0-captured/10-chat-stream.body', import.meta.url), 'utf8');

/** The text llama-server v0.5.0 streamed for the captured chat (temperature 0, 24 tokens). */
function capturedAnswer(): string {
  return captured
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: unknown } }> })
    .map((chunk) => chunk.choices?.[0]?.delta?.content)
    .filter((content): content is string => typeof content === 'string')
    .join('');
}

async function newEngine(nSlots: number, warnings: string[] = []): Promise<LlamaEngine> {
  const path = bundledModelPath();
  if (path === null) throw new Error('the bundled model is missing');
  const load = await loadLlamaModel(path);
  if (!load.ok) throw new Error(load.reason);
  return createLlamaEngine(load, { nSlots, nCtxSlot: 512, ubatchSize: 512, threads: 1, flashAttention: 'auto', warn: (line) => warnings.push(line) });
}

/** Feeds a prompt to a slot, then `steps` single-token steps, the way the scheduler drives an engine. */
async function generate(engine: LlamaEngine, slotId: number, { prompt, steps, keep = 0 }: { prompt: number[]; steps: number; keep?: number }) {
  engine.beginSequence(slotId, greedy, keep);
  let nPast = keep;
  const first = await engine.decode({ items: [{ slotId, tokens: prompt.slice(keep), nPast, sample: true, isPrompt: true }] });
  nPast = prompt.length;
  const tokens: SampledToken[] = [...first.sampled];
  for (let step = 1; step < steps; step += 1) {
    const last = tokens[tokens.length - 1];
    if (last === undefined) break;
    const outcome = await engine.decode({ items: [{ slotId, tokens: [last.token], nPast, sample: true, isPrompt: false }] });
    nPast += 1;
    tokens.push(...outcome.sampled);
  }
  return tokens;
}

describe('the llama engine on the bundled model', () => {
  let engine: LlamaEngine;
  const warnings: string[] = [];

  beforeAll(async () => {
    engine = await newEngine(4, warnings);
  });
  afterAll(async () => {
    await engine.close();
    expect(warnings).toEqual([]);
  });

  it('reports the model as llama-server does (n_params, size, ftype, vocab)', () => {
    expect(engine.info.kind).toBe('llama');
    expect(engine.info.model).toMatchObject({ nVocab: 512, nCtxTrain: 2048, nEmbd: 64, nParams: 292800, sizeBytes: 1171200, ftype: '(guessed) all F32', vocabType: 1 });
    expect(engine.info.model).toMatchObject({ bosToken: '<s>', eosToken: '</s>' });
  });

  it('answers the captured chat greedily with exactly the tokens llama-server v0.5.0 gave', async () => {
    const prompt = engine.tokenize(engine.applyChatTemplate([{ role: 'user', content: 'Once upon a time' }]), true);
    expect(prompt).toHaveLength(46);
    const tokens = await generate(engine, 0, { prompt, steps: 24 });
    expect(tokens.map((token) => token.piece).join('')).toBe(capturedAnswer());
  });

  it('computes every slot of a step in one batch dispatch', async () => {
    const prompt = engine.tokenize('Once upon a time', true);
    [0, 1, 2, 3].forEach((slotId) => engine.beginSequence(slotId, { ...greedy, seed: slotId }, 0));
    const prefill = await engine.decode({ items: [0, 1, 2, 3].map((slotId): BatchItem => ({ slotId, tokens: prompt, nPast: 0, sample: true, isPrompt: true })) });
    expect(prefill.decodeCalls).toBe(1);
    expect(prefill.sampled.map((token) => token.slotId)).toEqual([0, 1, 2, 3]);
    const step = await engine.decode({
      items: prefill.sampled.map((token): BatchItem => ({ slotId: token.slotId, tokens: [token.token], nPast: prompt.length, sample: true, isPrompt: false })),
    });
    expect(step.decodeCalls).toBe(1);
    expect(step.sampled).toHaveLength(4);
  });

  it('reuses a cached prefix and still answers as a fresh slot does', async () => {
    const first = engine.tokenize('Once upon a time, there was a little girl named Lily. She', true);
    const second = engine.tokenize('Once upon a time, there was a little girl named Lily. One day', true);
    let keep = 0;
    while (first[keep] === second[keep]) keep += 1;
    await generate(engine, 1, { prompt: first, steps: 8 });
    const reused = await generate(engine, 1, { prompt: second, steps: 16, keep });
    const fresh = await generate(engine, 2, { prompt: second, steps: 16 });
    expect(keep).toBeGreaterThan(10);
    expect(reused.map((token) => token.token)).toEqual(fresh.map((token) => token.token));
  });

  it('follows a context shift by dropping the head of the sequence, as the scheduler does', async () => {
    const prompt = engine.tokenize('Once upon a time, there was a little girl named Lily. She loved to play outside.', true);
    const [next] = await generate(engine, 3, { prompt, steps: 1 });
    const discard = Math.floor(prompt.length / 2);
    const shifted = await engine.decode({ items: [{ slotId: 3, tokens: [next?.token ?? 0], nPast: prompt.length - discard, sample: true, isPrompt: false }] });
    expect(shifted.sampled).toHaveLength(1);
    expect(shifted.sampled[0]?.isEog).toBe(false);
  });

  it('feeds a client token id outside the vocabulary as the unknown token instead of failing', async () => {
    engine.beginSequence(0, greedy, 0);
    const outcome = await engine.decode({ items: [{ slotId: 0, tokens: [1, 99_999, 300], nPast: 0, sample: true, isPrompt: true }] });
    expect(outcome.sampled).toHaveLength(1);
    expect(engine.detokenize([1, 99_999, 300])).toBe(engine.detokenize([1, 300]));
  });
});

describe('closing the llama engine', () => {
  it('waits for the batch being computed, then answers no more batches', async () => {
    const engine = await newEngine(1);
    engine.beginSequence(0, greedy, 0);
    const running = engine.decode({ items: [{ slotId: 0, tokens: engine.tokenize('Once upon a time', true), nPast: 0, sample: true, isPrompt: true }] });
    await engine.close();
    expect((await running).sampled).toHaveLength(1);
    expect(await engine.decode({ items: [{ slotId: 0, tokens: [1], nPast: 0, sample: true, isPrompt: true }] })).toEqual({ sampled: [], decodeCalls: 0 });
  });
});

describe('ignore_eos on the llama engine', () => {
  it('gives every end-of-generation token zero probability, where the plain sampler gives it some', async () => {
    const load = await loadLlamaModel(bundledModelPath() ?? '');
    if (!load.ok) throw new Error(load.reason);
    const { TokenBias } = await import('node-llama-cpp');
    const context = await load.model.createContext({ contextSize: 256, threads: 1 });
    try {
      const sequence = context.getSequence();
      const eos = load.model.tokens.eos;
      const bias = forbidEndOfGeneration(load.model, new TokenBias(load.model.tokenizer));
      const probabilityOfEos = async (tokenBias?: InstanceType<typeof TokenBias>) => {
        await sequence.clearHistory();
        const prompt = load.model.tokenize('Once upon a time', true);
        const options = { temperature: 1, topK: 0, topP: 1, minP: 0, ...(tokenBias ? { tokenBias } : {}) };
        const input: ControlledEvaluateInputItem[] = prompt.map((token, index) =>
          index === prompt.length - 1 ? [token, { generateNext: { probabilities: true, options } }] : token,
        );
        const output = await sequence.controlledEvaluate(input);
        return output[prompt.length - 1]?.next.probabilities?.get(eos!) ?? 0;
      };
      expect(eos).not.toBeNull();
      expect(await probabilityOfEos()).toBeGreaterThan(0);
      expect(await probabilityOfEos(bias)).toBe(0);
    } finally {
      await context.dispose();
      await load.model.dispose();
    }
  });
});
