import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationCompact } from '../../../../src-shared/format/numbers';
import { parseDurationS } from '../../../../src-shared/metrics/duration';

describe('parseDurationS', () => {
  it('reads ms, s, m and h, and a bare number as seconds', () => {
    expect(parseDurationS('500ms')).toBe(0.5);
    expect(parseDurationS('30s')).toBe(30);
    expect(parseDurationS('2m')).toBe(120);
    expect(parseDurationS('1.5h')).toBe(5400);
    expect(parseDurationS('45')).toBe(45);
    expect(parseDurationS(' 10 S ')).toBe(10);
    expect(parseDurationS('0s')).toBe(0);
  });

  it('rejects what is not a single positive amount with a known unit', () => {
    for (const text of ['', 'abc', '-5s', '1m30s', '10 minutes', '5d', 's', '1e3s', 'NaN']) expect(parseDurationS(text)).toBeUndefined();
  });

  it('reads back what formatDurationCompact writes, to its rounding', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 86_400, noNaN: true }), (durationS) => {
        const parsed = parseDurationS(formatDurationCompact(durationS));
        expect(parsed).toBeDefined();
        expect(Math.abs(parsed! - durationS) / durationS).toBeLessThanOrEqual(0.0501); // one decimal of the unit at its smallest value (1.05 s → 1.1s)
      }),
    );
  });
});
