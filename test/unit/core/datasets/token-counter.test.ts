import { describe, expect, it } from 'vitest';
import {
  countTokensLocally,
  createTokenCounterChain,
  estimateCounter,
  timingsCounter,
  usageCounter,
  type TokenCounter,
} from '../../../../src-main/core/datasets/token-counter';
import { estimateTokens } from '../../../../src-main/core/datasets/estimate-tokens';

/** A /tokenize stand-in that records whether it was asked. */
function fakeTokenize(answer: number | null): TokenCounter & { calls: number } {
  const counter = { source: 'tokenize' as const, isRemote: true, calls: 0, count: async () => {
    counter.calls += 1;
    return answer;
  } };
  return counter;
}

// From the live capture chat-completion.json: usage and timings of the same request.
const captured = {
  usage: { completion_tokens: 16, prompt_tokens: 27, total_tokens: 43 },
  timings: { cache_n: 0, prompt_n: 27, predicted_n: 16 },
};

describe('token counter chain', () => {
  it('takes usage first and checks it against timings', async () => {
    const tokenize = fakeTokenize(30);
    const chain = createTokenCounterChain([usageCounter, timingsCounter, tokenize, estimateCounter]);
    const input = await chain.count({ ...captured, text: 'ignored' }, 'input');
    expect(input).toEqual({ tokens: 27, source: 'usage', checks: [{ source: 'timings', tokens: 27, deltaPct: 0 }], disagrees: false });
    const output = await chain.count(captured, 'output');
    expect(output).toMatchObject({ tokens: 16, source: 'usage' });
    expect(tokenize.calls).toBe(0);
  });

  it('adds the cached prompt tokens to timings.prompt_n', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter]);
    expect(await chain.count({ timings: { prompt_n: 3, cache_n: 40 } }, 'input')).toMatchObject({ tokens: 43, source: 'timings' });
  });

  it('asks /tokenize only when the response had no usage and no timings', async () => {
    const tokenize = fakeTokenize(12);
    const chain = createTokenCounterChain([usageCounter, timingsCounter, tokenize, estimateCounter]);
    expect(await chain.count({ text: 'four words of text' }, 'output')).toMatchObject({ tokens: 12, source: 'tokenize' });
    expect(tokenize.calls).toBe(1);
  });

  it('falls back to the estimate, and says so', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter, fakeTokenize(null), estimateCounter]);
    expect(await chain.count({ text: 'x'.repeat(400) }, 'output')).toEqual({ tokens: 100, source: 'estimate', checks: [], disagrees: false });
  });

  it('flags a dataset length more than 5 % away from the server usage', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter]);
    const off = await chain.count({ usage: { prompt_tokens: 100 }, expected: 110 }, 'input');
    expect(off).toEqual({ tokens: 100, source: 'usage', checks: [{ source: 'expected', tokens: 110, deltaPct: 10 }], disagrees: true });
    expect((await chain.count({ usage: { prompt_tokens: 100 }, expected: 104 }, 'input')).disagrees).toBe(false);
  });

  it('allows a fixed number of tokens (a chat template) on top of the share', async () => {
    const chain = createTokenCounterChain([usageCounter], { pct: 5, absTokens: 8 });
    expect((await chain.count({ usage: { prompt_tokens: 40 }, expected: 33 }, 'input')).disagrees).toBe(false);
    expect((await chain.count({ usage: { prompt_tokens: 40 }, expected: 30 }, 'input')).disagrees).toBe(true);
  });

  it('flags usage and timings that disagree with each other', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter]);
    expect(await chain.count({ usage: { completion_tokens: 100 }, timings: { predicted_n: 90 } }, 'output')).toMatchObject({ disagrees: true, checks: [{ source: 'timings', tokens: 90, deltaPct: -10 }] });
  });

  it('ignores values that are not whole non-negative numbers', async () => {
    const chain = createTokenCounterChain([usageCounter, timingsCounter, estimateCounter]);
    expect(await chain.count({ usage: { prompt_tokens: -1 }, timings: { prompt_n: '27' }, text: 'abcd' }, 'input')).toMatchObject({ tokens: 1, source: 'estimate' });
  });

  it('answers synchronously from local sources for a worker thread', () => {
    expect(countTokensLocally({ ...captured, expected: 20 }, 'input')).toMatchObject({ tokens: 27, source: 'usage', disagrees: true });
    expect(countTokensLocally({ text: 'abcdefgh' }, 'output')).toMatchObject({ tokens: 2, source: 'estimate' });
  });
});

describe('estimateTokens', () => {
  it('counts about four ASCII characters, one CJK character or two other letters per token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('x'.repeat(400))).toBe(100);
    expect(estimateTokens('日本語のテキスト')).toBe(8);
    expect(estimateTokens('éééé')).toBe(2);
  });
});
