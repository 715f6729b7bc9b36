import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchCost, effectiveCores, splitSegments, type CostSettings, type TokenSegment } from '../../../../src-main/demo/engine/cost-model';

const base: CostSettings = { physicalCores: 4, threads: 4, threadsBatch: 4, batchSize: 2048, ubatchSize: 512, speed: 1 };

/** One decode step of `slots` streams, each holding `context` tokens. */
function decodeStep(slots: number, context = 200): TokenSegment[] {
  return Array.from({ length: slots }, () => ({ count: 1, startPos: context }));
}

function prefillMs(promptTokens: number, settings: CostSettings): number {
  return batchCost([{ count: promptTokens, startPos: 0 }], settings).durationMs;
}

describe('cost model', () => {
  it('raises total decode throughput with more slots while each stream slows down', () => {
    const rates = [1, 2, 4, 8, 16].map((slots) => {
      const stepMs = batchCost(decodeStep(slots), base).durationMs;
      return { total: (slots * 1000) / stepMs, perStream: 1000 / stepMs };
    });
    for (let i = 1; i < rates.length; i += 1) {
      expect(rates[i]?.total).toBeGreaterThan(rates[i - 1]?.total ?? Infinity);
      expect(rates[i]?.perStream).toBeLessThan(rates[i - 1]?.perStream ?? 0);
    }
  });

  it('has a thread optimum at the physical cores: fewer is slower, oversubscription is slower still', () => {
    const ms = (threads: number) => prefillMs(512, { ...base, threads, threadsBatch: threads });
    expect(ms(1)).toBeGreaterThan(ms(2));
    expect(ms(2)).toBeGreaterThan(ms(4));
    expect(ms(6)).toBeGreaterThan(ms(4));
    expect(ms(8)).toBeGreaterThan(ms(6));
    expect(effectiveCores(8, 4)).toBeLessThan(effectiveCores(4, 4));
  });

  it('uses -t for one-token calls and -tb for bigger ones, as llama.cpp does', () => {
    const single = [{ count: 1, startPos: 10 }];
    expect(batchCost(single, { ...base, threads: 1 }).durationMs).toBeGreaterThan(batchCost(single, base).durationMs);
    expect(batchCost(single, { ...base, threadsBatch: 1 }).durationMs).toBe(batchCost(single, base).durationMs);
    expect(prefillMs(256, { ...base, threadsBatch: 1 })).toBeGreaterThan(prefillMs(256, base));
  });

  it('speeds prefill up with a bigger ubatch only up to a point', () => {
    const ms = (ubatchSize: number) => prefillMs(2048, { ...base, ubatchSize });
    expect(ms(32)).toBeGreaterThan(ms(128));
    expect(ms(128)).toBeGreaterThan(ms(256));
    expect(ms(2048)).toBeGreaterThan(ms(256));
  });

  it('splits a batch into -b sized llama_decode calls', () => {
    expect(batchCost([{ count: 1000, startPos: 0 }], { ...base, batchSize: 256, ubatchSize: 256 }).decodeCalls).toBe(4);
    expect(batchCost([{ count: 1000, startPos: 0 }], base).decodeCalls).toBe(1);
  });

  it('charges attention for the context each token sees', () => {
    expect(batchCost(decodeStep(4, 8000), base).durationMs).toBeGreaterThan(batchCost(decodeStep(4, 100), base).durationMs);
  });

  it('divides every duration by --speed', () => {
    const normal = prefillMs(300, base);
    expect(prefillMs(300, { ...base, speed: 10 })).toBeCloseTo(normal / 10, 9);
  });

  it('splits token segments without losing or reordering a token', () => {
    const segments = fc.array(fc.record({ count: fc.integer({ min: 1, max: 300 }), startPos: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(segments, fc.integer({ min: 1, max: 512 }), (input, size) => {
        const groups = splitSegments(input, size);
        const flat = (list: readonly TokenSegment[]) => list.flatMap((s) => Array.from({ length: s.count }, (_, i) => s.startPos + i));
        expect(groups.flatMap((group) => flat(group))).toEqual(flat(input));
        for (const group of groups.slice(0, -1)) expect(group.reduce((sum, s) => sum + s.count, 0)).toBe(size);
      }),
    );
  });
});
