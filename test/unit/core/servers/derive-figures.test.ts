import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveServerFigures, slotDecodeDelta, type ScrapeReading } from '../../../../src-main/core/servers/derive-figures';
import { readMetricsText } from '../../../../src-main/core/servers/read-metrics';
import { readSlotsText } from '../../../../src-main/core/servers/read-slots';
import type { SlotReading } from '../../../../src-shared/schemas/server-sample';
import { serverFixture } from './fixtures';

function reading(t: number, files: { metrics?: string; slots?: string; startMarker?: string }): ScrapeReading {
  return {
    t,
    metrics: files.metrics === undefined ? null : readMetricsText(serverFixture(files.metrics), 'llama.cpp'),
    slots: files.slots === undefined ? null : readSlotsText(serverFixture(files.slots)),
    startMarker: files.startMarker ?? null,
  };
}

describe('deriveServerFigures', () => {
  it('gives slot use, deferred requests and KV use from one queued scrape', () => {
    const { derived, restarted } = deriveServerFigures(reading(1000, { metrics: 'captured/41-metrics-queued.body', slots: 'captured/42-slots-queued.body' }), { previous: null, totalSlotsHint: null });
    expect(restarted).toBe(false);
    expect(derived).toEqual({
      slotsTotal: 4,
      slotsBusy: 4,
      slotUse: 1,
      waiting: 4,
      kvCacheUsage: (80 + 80 + 80 + 79) / (4 * 256),
      kvCacheSource: 'slots',
      promptTokensPerS: null,
      prefillTokensPerS: null,
      generatedTokensPerS: null,
      slotDecodeTokensPerS: null,
    });
  });

  it('turns counter deltas between the fresh and the queued capture into rates over wall time', () => {
    const fresh = reading(10_000, { metrics: 'captured/05-metrics-fresh.body', slots: 'captured/03-slots-idle.body' });
    const queued = reading(12_000, { metrics: 'captured/41-metrics-queued.body', slots: 'captured/42-slots-queued.body' });
    const { derived } = deriveServerFigures(queued, { previous: fresh, totalSlotsHint: null });
    expect(derived.promptTokensPerS).toBe(186 / 2);
    expect(derived.prefillTokensPerS).toBeCloseTo(186 / 0.042346, 6);
    // 36 tokens of finished requests on the counter, plus 35 + 35 + 35 + 34 still decoding in the slots.
    expect(derived.generatedTokensPerS).toBe((36 + 139) / 2);
    expect(derived.slotDecodeTokensPerS).toBe((35 + 35 + 35 + 34) / 2);
  });

  it('does not count twice the tokens of a request that finished between two scrapes', () => {
    const slot = (isProcessing: boolean, decoded: number) => ({ id: 0, nCtx: 2048, isProcessing, taskId: 7, cachedTokens: null, decoded });
    const base = readMetricsText(serverFixture('metrics-llamacpp-fresh.prom'), 'llama.cpp');
    const busy: ScrapeReading = { t: 0, metrics: { ...base, generatedTokensTotal: 1000 }, slots: [slot(true, 200)], startMarker: null };
    const done: ScrapeReading = { t: 1000, metrics: { ...base, generatedTokensTotal: 1210 }, slots: [slot(false, 210)], startMarker: null };
    expect(deriveServerFigures(done, { previous: busy, totalSlotsHint: null }).derived.generatedTokensPerS).toBe(10);
    const withoutSlots = deriveServerFigures({ ...done, slots: null }, { previous: { ...busy, slots: null }, totalSlotsHint: null });
    expect(withoutSlots.derived.generatedTokensPerS).toBe(210);
  });

  it('uses the server gauge for KV use when a 2024 build has one', () => {
    const { derived } = deriveServerFigures(reading(0, { metrics: 'metrics-llamacpp-2024.prom' }), { previous: null, totalSlotsHint: 4 });
    expect([derived.kvCacheUsage, derived.kvCacheSource]).toEqual([0.378418, 'metrics']);
    expect([derived.slotsBusy, derived.slotsTotal, derived.slotUse]).toEqual([4, 4, 1]);
  });

  it('falls back to requests_processing over /props total_slots when /slots is disabled', () => {
    const { derived } = deriveServerFigures(reading(0, { metrics: 'metrics-llamacpp-busy.prom' }), { previous: null, totalSlotsHint: 2 });
    expect([derived.slotsBusy, derived.slotsTotal, derived.slotUse, derived.waiting]).toEqual([2, 2, 1, 1]);
  });

  it('derives no rate across a restart and says so', () => {
    const before = reading(0, { metrics: 'metrics-llamacpp.prom', startMarker: '1418866971' });
    const afterRestart = reading(1000, { metrics: 'metrics-llamacpp-busy.prom', startMarker: '1418866971' });
    const result = deriveServerFigures(afterRestart, { previous: before, totalSlotsHint: null });
    expect(result.restarted).toBe(true);
    expect(result.derived.generatedTokensPerS).toBeNull();
    const newMarker = deriveServerFigures(reading(1000, { metrics: 'metrics-llamacpp.prom', startMarker: '2532565511' }), { previous: before, totalSlotsHint: null });
    expect(newMarker.restarted).toBe(true);
  });

  it('keeps every figure in range for any pair of growing readings', () => {
    const counters = fc.record({ prompt: fc.nat(1e6), promptS: fc.double({ min: 0, max: 1e4, noNaN: true }), gen: fc.nat(1e6), genS: fc.double({ min: 0, max: 1e4, noNaN: true }) });
    fc.assert(
      fc.property(counters, counters, fc.integer({ min: 1, max: 5000 }), fc.nat(16), fc.nat(16), (a, b, gapMs, busy, total) => {
        const metrics = (c: typeof a, grow: typeof a) => ({
          ...readMetricsText('', 'llama.cpp'),
          running: busy,
          waiting: 0,
          promptTokensTotal: c.prompt + grow.prompt,
          promptSecondsTotal: c.promptS + grow.promptS,
          generatedTokensTotal: c.gen + grow.gen,
          generatedSecondsTotal: c.genS + grow.genS,
        });
        const zero = { prompt: 0, promptS: 0, gen: 0, genS: 0 };
        const { derived } = deriveServerFigures({ t: gapMs, metrics: metrics(a, b), slots: null, startMarker: null }, { previous: { t: 0, metrics: metrics(a, zero), slots: null, startMarker: null }, totalSlotsHint: total });
        for (const value of [derived.promptTokensPerS, derived.generatedTokensPerS, derived.prefillTokensPerS]) expect(value === null || value >= 0).toBe(true);
        expect(derived.slotUse === null || (derived.slotUse >= 0 && derived.slotUse <= 1)).toBe(true);
      }),
    );
  });
});

describe('slotDecodeDelta', () => {
  const slot = (id: number, taskId: number | null, decoded: number | null): SlotReading => ({ id, nCtx: 256, isProcessing: true, taskId, cachedTokens: null, decoded });

  it('counts the growth of a slot on the same task and the whole count of a slot on a new task', () => {
    expect(slotDecodeDelta([slot(0, 1, 10), slot(1, 2, 50)], [slot(0, 1, 25), slot(1, 3, 4)])).toBe(15 + 4);
  });

  it('counts nothing for an idle slot that kept its last task', () => {
    expect(slotDecodeDelta([slot(0, 1, 30)], [slot(0, 1, 30)])).toBe(0);
  });

  it('is null without two /slots readings or without any decode counter', () => {
    expect(slotDecodeDelta(null, [slot(0, 1, 1)])).toBeNull();
    expect(slotDecodeDelta([slot(0, null, null)], [slot(0, null, null)])).toBeNull();
  });
});
