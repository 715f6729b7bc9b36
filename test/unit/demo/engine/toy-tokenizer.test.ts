import { describe, expect, it } from 'vitest';
import { ToyTokenizer, bosId, splitPieces } from '../../../../src-main/demo/engine/toy-tokenizer';
import { WordGenerator } from '../../../../src-main/demo/engine/word-generator';

const english =
  'The load generator sends many requests to the inference server and measures how long the first token takes. ' +
  'Throughput rises with more slots until the host runs out of cores, memory bandwidth or context.';

describe('ToyTokenizer', () => {
  it('averages roughly four characters per token on English text', () => {
    const tokens = new ToyTokenizer(32000).tokenize(english, false);
    const charsPerToken = english.length / tokens.length;
    expect(charsPerToken).toBeGreaterThan(3);
    expect(charsPerToken).toBeLessThan(5.5);
  });

  it('is deterministic, adds BOS on request and reads its own tokens back', () => {
    const a = new ToyTokenizer(32000);
    const b = new ToyTokenizer(32000);
    const tokens = a.tokenize(english, true);
    expect(tokens).toEqual(b.tokenize(english, true));
    expect(tokens[0]).toBe(bosId);
    expect(a.detokenize(tokens)).toBe(`<s> ${english}`);
  });

  it('counts a chat marker as one token and cuts long words into pieces', () => {
    expect(splitPieces('<|im_start|>user\n')).toEqual(['<|im_start|>', 'user', '\n']);
    expect(splitPieces(' throughput')).toEqual([' thr', 'ough', 'put']);
  });
});

describe('WordGenerator', () => {
  it('repeats the same text for the same seed and ends at a sentence end unless EOS is ignored', () => {
    const run = (seed: number, ignoreEos: boolean, limit: number) => {
      const generator = new WordGenerator(seed, 0.5, ignoreEos);
      const pieces: string[] = [];
      for (let i = 0; i < limit; i += 1) {
        const next = generator.next();
        if (next.isEog) break;
        pieces.push(next.piece);
      }
      return pieces;
    };
    expect(run(7, false, 500)).toEqual(run(7, false, 500));
    const ended = run(7, false, 500);
    expect(ended.length).toBeLessThan(500);
    expect(ended[ended.length - 1]).toMatch(/\.$/);
    expect(run(7, true, 500)).toHaveLength(500);
  });
});
