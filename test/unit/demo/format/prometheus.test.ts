import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCppDouble, renderPrometheus } from '../../../../src-main/demo/format/prometheus';

const captured = readFileSync(new URL('../../../fixtures/llama-server/v0.5.0/metrics-llamacpp.prom', import.meta.url), 'utf8');

describe('renderPrometheus', () => {
  it('reproduces a captured llama-server /metrics body from the same numbers', () => {
    const text = renderPrometheus(
      {
        promptTokensTotal: 424,
        promptTokensCachedTotal: 72,
        promptSecondsTotal: 0.080655,
        tokensPredictedTotal: 4529,
        tokensPredictedSecondsTotal: 13.46664,
        nDecodeTotal: 3029,
        nTokensMax: 1525,
        promptTokensSeconds: 4784.6902,
        predictedTokensSeconds: 334.79,
        nBusySlotsPerDecode: 4529 / 3029,
      },
      { requestsProcessing: 0, requestsDeferred: 0 },
    );
    expect(text).toBe(captured);
  });
});

describe('formatCppDouble', () => {
  it('prints like a C++ stream: 6 significant digits, no trailing zeros, e+NN past a million', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [424, '424'],
      [0.080655, '0.080655'],
      [13.46664, '13.4666'],
      [1.4952129, '1.49521'],
      [999_999, '999999'],
      [1_234_567, '1.23457e+06'],
      [12_345_678_901, '1.23457e+10'],
      [0.0001, '0.0001'],
      [0.00001234, '1.234e-05'],
      [-2.5, '-2.5'],
    ];
    for (const [value, text] of cases) expect(formatCppDouble(value), String(value)).toBe(text);
  });

  it('keeps six significant digits of any finite value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((value) => value !== 0 && Math.abs(value) > 1e-12), (value) => {
        const parsed = Number(formatCppDouble(value));
        expect(Math.abs(parsed - value) / Math.abs(value)).toBeLessThanOrEqual(5e-6);
      }),
    );
  });
});
