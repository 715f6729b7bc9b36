import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../../src-main/core/hosts/backoff';
import { createLineSplitter } from '../../../../src-main/core/hosts/line-splitter';

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    const policy = { initialDelayMs: 500, maxDelayMs: 4000, maxAttempts: Infinity };
    expect([1, 2, 3, 4, 5, 99].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });
});

describe('createLineSplitter', () => {
  it('gives the same lines however the bytes are chunked, UTF-8 included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 10 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((line) => line.replaceAll('\n', '')).join('\n'));
        const seen: string[] = [];
        const splitter = createLineSplitter((line) => seen.push(line));
        let start = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          splitter.push(bytes.subarray(start, Math.max(start, Math.min(cut, bytes.length))));
          start = Math.max(start, Math.min(cut, bytes.length));
        }
        splitter.push(bytes.subarray(start));
        splitter.flush();
        // A final `\n` ends the last line; it does not start an empty one.
        const expected = bytes.toString('utf8').split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        expect(seen).toEqual(expected);
      }),
    );
  });
});
