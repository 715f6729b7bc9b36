import { describe, expect, it } from 'vitest';
import { calibrateTokensPerWord, generateSynthetic, syntheticWords } from '../../../../src-main/core/datasets/synthetic';
import { SyntheticDatasetSpec, type SyntheticDatasetSpec as Spec } from '../../../../src-shared/schemas/dataset';
import { ToyTokenizer } from '../../../../src-main/demo/engine/toy-tokenizer';

const spec = (overrides: Partial<Spec> = {}): Spec =>
  SyntheticDatasetSpec.parse({ kind: 'synthetic', count: 200, input: { kind: 'normal', mean: 256, stddev: 32 }, output: { kind: 'uniform', min: 64, max: 128 }, ...overrides });

function commonPrefixWords(a: string, b: string): number {
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  let index = 0;
  while (index < wordsA.length && wordsA[index] === wordsB[index]) index += 1;
  return index;
}

describe('generateSynthetic', () => {
  it('draws input and output lengths from the spec and reports them', () => {
    const { prompts, report } = generateSynthetic(spec());
    expect(prompts).toHaveLength(200);
    expect(prompts.every((prompt) => prompt.maxTokens! >= 64 && prompt.maxTokens! <= 128)).toBe(true);
    expect(Math.abs(report.inputTokens!.mean - 256)).toBeLessThan(8);
    expect(report).toMatchObject({ kind: 'synthetic', entries: 200, prompts: 200, malformed: 0 });
  });

  it('writes prompts of exactly their expected length in a vocabulary where each word is one token', () => {
    const tokenizer = new ToyTokenizer(32000);
    for (const prompt of generateSynthetic(spec({ count: 20 })).prompts) {
      expect(tokenizer.tokenize(prompt.messages[0]!.content, false)).toHaveLength(prompt.expectedInputTokens);
    }
  });

  it('gives every prompt the same first r × length tokens and a unique rest', () => {
    const { prompts } = generateSynthetic(spec({ count: 50, input: { kind: 'fixed', tokens: 200 }, sharedPrefixRatio: 0.75 }));
    const texts = prompts.map((prompt) => prompt.messages[0]!.content);
    for (let index = 1; index < texts.length; index += 1) {
      const shared = commonPrefixWords(texts[0]!, texts[index]!);
      expect(shared).toBeGreaterThanOrEqual(150);
      expect(shared).toBeLessThan(155);
    }
    expect(new Set(texts).size).toBe(50);
  });

  it('shares nothing at ratio 0 and everything at ratio 1', () => {
    const unique = generateSynthetic(spec({ count: 20, input: { kind: 'fixed', tokens: 100 } })).prompts.map((prompt) => prompt.messages[0]!.content);
    expect(Math.max(...unique.slice(1).map((text) => commonPrefixWords(unique[0]!, text)))).toBeLessThan(5);
    const same = generateSynthetic(spec({ count: 5, input: { kind: 'fixed', tokens: 100 }, sharedPrefixRatio: 1 })).prompts.map((prompt) => prompt.messages[0]!.content);
    expect(new Set(same).size).toBe(1);
  });

  it('is deterministic for a seed, and changing the prefix ratio leaves the lengths alone', () => {
    const a = generateSynthetic(spec({ seed: 11 })).prompts;
    expect(generateSynthetic(spec({ seed: 11 })).prompts).toEqual(a);
    expect(generateSynthetic(spec({ seed: 12 })).prompts).not.toEqual(a);
    const withPrefix = generateSynthetic(spec({ seed: 11, sharedPrefixRatio: 0.5 })).prompts;
    expect(withPrefix.map((prompt) => [prompt.expectedInputTokens, prompt.maxTokens])).toEqual(a.map((prompt) => [prompt.expectedInputTokens, prompt.maxTokens]));
  });

  it('hits its lengths on a vocabulary where words split, once calibrated', async () => {
    // A character-level vocabulary: every letter and space is a token, about 5 per word.
    const countChars = async (text: string) => text.length;
    const tokensPerWord = await calibrateTokensPerWord(countChars);
    expect(tokensPerWord).toBeGreaterThan(3);
    const { prompts } = generateSynthetic(spec({ count: 30 }), { tokensPerWord: tokensPerWord! });
    for (const prompt of prompts) expect(Math.abs(prompt.messages[0]!.content.length - prompt.expectedInputTokens) / prompt.expectedInputTokens).toBeLessThan(0.1);
  });

  it('uses only words of at most five letters', () => {
    expect(syntheticWords.length).toBeGreaterThan(100);
    expect(syntheticWords.every((word) => /^[a-z]{1,5}$/.test(word))).toBe(true);
  });
});
