import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatModelSize, formatTestLabel, parseModelSize, parseParamCount, parseTestLabel } from '../../../../../src-main/core/bench/parsers/test-label';

describe('test labels', () => {
  it('reads every spelling llama-bench has printed', () => {
    expect(parseTestLabel('pp 512')).toEqual({ nPrompt: 512, nGen: 0, nDepth: 0 });
    expect(parseTestLabel('tg 128')).toEqual({ nPrompt: 0, nGen: 128, nDepth: 0 });
    expect(parseTestLabel('pp512+tg128')).toEqual({ nPrompt: 512, nGen: 128, nDepth: 0 });
    expect(parseTestLabel('pp64+tg16 @ d128')).toEqual({ nPrompt: 64, nGen: 16, nDepth: 128 });
    expect(parseTestLabel('tg128 @ d4096')).toEqual({ nPrompt: 0, nGen: 128, nDepth: 4096 });
  });

  it('refuses what is not a test label', () => {
    for (const text of ['', 'warmup', '512', '@ d128', 'pp', '+']) expect(parseTestLabel(text)).toBeNull();
  });

  it('formats and reads back any test shape', () => {
    const shape = fc.record({ nPrompt: fc.nat(1 << 20), nGen: fc.nat(1 << 20), nDepth: fc.nat(1 << 20) }).filter((s) => s.nPrompt + s.nGen > 0);
    fc.assert(
      fc.property(shape, (s) => {
        expect(parseTestLabel(formatTestLabel(s))).toEqual(s);
      }),
    );
  });
});

describe('model size and parameter count', () => {
  it('read back to the text llama-bench printed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 2 ** 42 }), (bytes) => {
        const printed = formatModelSize(bytes);
        expect(formatModelSize(parseModelSize(printed)!)).toBe(printed);
      }),
    );
    expect(parseParamCount('19.01 M')).toBe(19_010_000);
    expect(parseParamCount('70.55 B')).toBe(70_550_000_000);
    expect(parseModelSize('36.26 MiB')).toBe(Math.round(36.26 * 1024 * 1024));
    expect(parseModelSize('big')).toBeNull();
  });
});
