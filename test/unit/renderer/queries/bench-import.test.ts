import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoParts } from '../../../../src-renderer/queries/bench-import';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

describe('splitting import text into parts', () => {
  it('gives parts that join back to the text exactly, each at most the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 50 }), (text, maxChars) => {
        const parts = splitIntoParts(text, maxChars);
        expect(parts.join('')).toBe(text);
        for (const part of parts) expect(part.length).toBeGreaterThan(0);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(maxChars);
      }),
    );
  });

  it('never ends a part between the two halves of a character outside the BMP', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 50 }), (text, maxChars) => {
        const parts = splitIntoParts(text, maxChars);
        for (const part of parts.slice(0, -1)) expect(isHighSurrogate(part.charCodeAt(part.length - 1))).toBe(false);
      }),
    );
  });

  it('keeps a pair whole where it falls on the limit: "a𝄞" in parts of 2 is "a" then "𝄞"', () => {
    expect(splitIntoParts('a𝄞', 2)).toEqual(['a', '𝄞']);
    expect(splitIntoParts('', 2)).toEqual([]);
  });
});
