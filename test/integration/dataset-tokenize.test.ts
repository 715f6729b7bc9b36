import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, measurePrompts } from '../../src-main/core/datasets/load-dataset';
import { calibrateTokensPerWord, generateSynthetic } from '../../src-main/core/datasets/synthetic';
import { createTokenCounterChain, estimateCounter, timingsCounter, usageCounter } from '../../src-main/core/datasets/token-counter';
import { createTokenizeCounter } from '../../src-main/core/datasets/tokenize-counter';
import { SyntheticDatasetSpec } from '../../src-shared/schemas/dataset';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';

describe('token counts against the demo server', () => {
  let server: DemoServerHandle;

  beforeAll(async () => {
    server = await startDemoServer({ engine: 'sim', parallel: 2, ctxSize: 4096, speed: 50 });
  });
  afterAll(async () => {
    await server.close();
  });

  async function chat(content: string): Promise<{ usage: { prompt_tokens: number; completion_tokens: number }; timings: Record<string, number>; text: string }> {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content }], max_tokens: 8, ignore_eos: true, cache_prompt: false }),
    });
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number }; timings: Record<string, number>; choices: Array<{ message: { content: string } }> };
    return { usage: body.usage, timings: body.timings, text: body.choices[0]!.message.content };
  }

  it('counts a chat prompt through /apply-template + /tokenize exactly as the server bills it', async () => {
    const tokenize = createTokenizeCounter({ url: server.url });
    const content = 'How many slots should a server with two cores run?';
    const answer = await chat(content);
    expect(await tokenize.count({ messages: [{ role: 'user', content }] }, 'input')).toBe(answer.usage.prompt_tokens);
  });

  it('chooses usage, agrees with timings, and flags a dataset estimate that is off', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter, createTokenizeCounter({ url: server.url }), estimateCounter]);
    const content = 'Write a poem about the sea. '.repeat(10);
    const answer = await chat(content);
    const input = await chain.count({ usage: answer.usage, timings: answer.timings, expected: 10 }, 'input');
    expect(input.source).toBe('usage');
    expect(input.checks.find((check) => check.source === 'timings')?.deltaPct).toBe(0);
    expect(input.disagrees).toBe(true);
    const output = await chain.count({ usage: answer.usage, timings: answer.timings, text: answer.text }, 'output');
    expect(output).toMatchObject({ tokens: 8, source: 'usage', disagrees: false });
  });

  it('says nothing (null) for a server without /tokenize, so the chain falls back', async () => {
    const counter = createTokenizeCounter({ url: 'http://127.0.0.1:9', timeoutMs: 500 });
    expect(await counter.count({ text: 'hello' }, 'output')).toBeNull();
  });

  it('calibrates synthetic prompts and replaces estimates by the server count', async () => {
    const tokenize = createTokenizeCounter({ url: server.url });
    const tokensPerWord = await calibrateTokensPerWord((text) => Promise.resolve(tokenize.count({ text }, 'output')));
    expect(tokensPerWord).not.toBeNull();
    const spec = SyntheticDatasetSpec.parse({ kind: 'synthetic', count: 6, input: { kind: 'uniform', min: 50, max: 200 }, output: { kind: 'fixed', tokens: 16 } });
    const { prompts } = generateSynthetic(spec, { tokensPerWord: tokensPerWord! });
    const measured = await measurePrompts(prompts, { counter: tokenize, concurrency: 2 });
    for (const [index, prompt] of measured.entries()) {
      expect(prompt.expectedInputSource).toBe('tokenize');
      // The chat template adds a few tokens around the content; the body itself hits its length.
      expect(prompt.expectedInputTokens - prompts[index]!.expectedInputTokens).toBeGreaterThanOrEqual(0);
      expect(prompt.expectedInputTokens - prompts[index]!.expectedInputTokens).toBeLessThan(12);
    }
    const dataset = await loadDataset({ kind: 'synthetic', count: 2, input: { kind: 'fixed', tokens: 30 }, output: { kind: 'fixed', tokens: 5 } });
    expect(dataset.prompts).toHaveLength(2);
  });
});
