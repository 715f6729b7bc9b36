import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineSplitter, maxStreamLineChars } from '../../../../src-main/core/hosts/line-splitter';

/** Splits `chunks` with a cap of `maxLineChars`; returns the lines handed over and how many were skipped. */
function split(chunks: readonly string[], maxLineChars: number): { lines: string[]; skipped: number } {
  const lines: string[] = [];
  let skipped = 0;
  const splitter = createLineSplitter((line) => lines.push(line), { maxLineChars, onTooLong: () => (skipped += 1) });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return { lines, skipped };
}

describe('createLineSplitter with a line cap', () => {
  it('skips a line longer than the cap whole and reports it once, keeping the lines around it', () => {
    expect(split(['ok\n', 'x'.repeat(25), 'y'.repeat(25), '\nafter\n'], 10)).toEqual({ lines: ['ok', 'after'], skipped: 1 });
    expect(split(['ok\nxxxxxxxxxxxx\nafter'], 10)).toEqual({ lines: ['ok', 'after'], skipped: 1 });
  });

  it('hands over a line of exactly the cap', () => {
    expect(split(['0123456789\n'], 10)).toEqual({ lines: ['0123456789'], skipped: 0 });
  });

  it('skips an over-long last line that never got its newline', () => {
    expect(split(['a\n', 'b'.repeat(11)], 10)).toEqual({ lines: ['a'], skipped: 1 });
  });

  it('hands over exactly the lines within the cap however the text is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 14 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(120), { maxLength: 10 }), (lines, cuts) => {
        const text = `${lines.join('\n')}\n`;
        const points = [0, ...[...cuts].map((cut) => Math.min(cut, text.length)).sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, index) => text.slice(points[index], end));
        expect(split(chunks, 6)).toEqual({ lines: lines.filter((line) => line.length <= 6), skipped: lines.filter((line) => line.length > 6).length });
      }),
    );
  });

  it('caps lines at maxStreamLineChars unless told otherwise', () => {
    const lines: string[] = [];
    let skipped = 0;
    const splitter = createLineSplitter((line) => lines.push(line), { onTooLong: () => (skipped += 1) });
    splitter.push(`${'x'.repeat(maxStreamLineChars)}\n${'y'.repeat(maxStreamLineChars + 1)}\n`);
    expect({ lengths: lines.map((line) => line.length), skipped }).toEqual({ lengths: [maxStreamLineChars], skipped: 1 });
  });

  it('stays linear and within the cap while a program prints without newlines, one character at a time', () => {
    const startMs = performance.now();
    // Searching all pending text on every push made this quadratic (over a minute at 150,000 pushes).
    expect(split([...Array.from({ length: 150_000 }, () => 'x'), '\nlast\n'], 100_000)).toEqual({ lines: ['last'], skipped: 1 });
    expect(performance.now() - startMs).toBeLessThan(5_000);
  });
});
