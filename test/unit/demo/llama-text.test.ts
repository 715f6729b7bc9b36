import { describe, expect, it } from 'vitest';
import { PieceDecoder, type Detokenizer } from '../../../src-main/demo/engine/llama-text';

/**
 * A byte-level vocabulary: token n is byte n, and a token ≥ 256 is a word that takes a leading
 * space unless it follows nothing (SentencePiece's rule). Bytes that do not make whole UTF-8
 * characters decode to U+FFFD, as llama.cpp's detokenizer does.
 */
const words: Record<number, string> = { 300: 'Once', 301: 'upon', 302: 'a', 303: 'time' };
const byteVocab: Detokenizer = {
  detokenize(tokens, _special, lastTokens) {
    const bytes: number[] = [];
    let previous = lastTokens?.length ?? 0;
    for (const token of tokens) {
      if (token < 256) bytes.push(token);
      else bytes.push(...Buffer.from(`${previous > 0 ? ' ' : ''}${words[token] ?? '?'}`));
      previous += 1;
    }
    return Buffer.from(bytes).toString('utf8');
  },
};

const utf8 = (text: string): number[] => [...Buffer.from(text)];

describe('PieceDecoder', () => {
  it('gives each word its leading space from the tokens before it', () => {
    const decoder = new PieceDecoder(byteVocab);
    decoder.reset([]);
    expect([300, 301, 302, 303].map((token) => decoder.next(token)).join('|')).toBe('Once| upon| a| time');
  });

  it('takes the prompt as context, so the first answer token is spaced like the rest', () => {
    const decoder = new PieceDecoder(byteVocab);
    decoder.reset([]);
    decoder.observe([300, 301]);
    expect(decoder.next(302)).toBe(' a');
  });

  it('holds the bytes of a character split over tokens until it is whole', () => {
    const decoder = new PieceDecoder(byteVocab);
    decoder.reset([]);
    const pieces = utf8('ü日').map((token) => decoder.next(token));
    expect(pieces).toEqual(['', 'ü', '', '', '日']);
  });

  it('gives up holding after four tokens, so a broken sequence cannot swallow the answer', () => {
    const decoder = new PieceDecoder(byteVocab);
    decoder.reset([]);
    const pieces = [0xe6, 0xe6, 0xe6, 0xe6].map((token) => decoder.next(token));
    expect(pieces.slice(0, 3)).toEqual(['', '', '']);
    expect(pieces[3]).toContain('\uFFFD');
  });

  it('drops what it held when a new answer starts', () => {
    const decoder = new PieceDecoder(byteVocab);
    decoder.reset([]);
    expect(decoder.next(0xc3)).toBe('');
    decoder.reset([]);
    expect(decoder.next(0x41)).toBe('A');
  });
});
