import { describe, expect, it } from 'vitest';
import { secondRates } from '../../../../../src-main/core/runs/compare/second-rates';

const window = { startMs: 10_000, endMs: 13_500 };

describe('secondRates', () => {
  it('rates only the whole seconds of the window', () => {
    expect(secondRates([], window)).toEqual({ requestsPerS: [0, 0, 0], outputTokensPerS: [0, 0, 0] });
    expect(secondRates([], { startMs: Number.POSITIVE_INFINITY, endMs: Number.NEGATIVE_INFINITY })).toEqual({ requestsPerS: [], outputTokensPerS: [] });
  });

  it('counts a request in the second it ended', () => {
    const rates = secondRates([{ firstTokenMs: null, endMs: 11_200, outputTokens: 7 }], window);
    expect(rates).toEqual({ requestsPerS: [0, 1, 0], outputTokensPerS: [0, 7, 0] });
  });

  it('spreads output tokens over the time they streamed', () => {
    // 30 tokens from 10.5 s to 12.0 s: a third in the first second, two thirds in the second.
    const rates = secondRates([{ firstTokenMs: 10_500, endMs: 12_000, outputTokens: 30 }], window);
    expect(rates.outputTokensPerS).toEqual([10, 20, 0]);
    expect(rates.requestsPerS).toEqual([0, 0, 1]);
  });

  it('keeps the share of a stream that falls inside the window and drops the rest', () => {
    const rates = secondRates([{ firstTokenMs: 9_000, endMs: 14_000, outputTokens: 50 }], window);
    expect(rates).toEqual({ requestsPerS: [0, 0, 0], outputTokensPerS: [10, 10, 10] });
  });
});
