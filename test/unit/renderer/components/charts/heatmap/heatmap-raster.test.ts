import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildColourLut, busyColourStops, pixelSpan, rasterizeRows } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-raster';
import { HeatmapStore } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-store';
import { frameAt } from './heatmap-fixtures';

const lut = buildColourLut();
const rgbaAt = (out: Uint8ClampedArray, index: number) => [...out.slice(index * 4, index * 4 + 4)];
const lutAt = (pct: number) => [...lut.slice(pct * 10 * 4, pct * 10 * 4 + 4)];

function storeOf(frames: ReturnType<typeof frameAt>[]): HeatmapStore {
  const store = new HeatmapStore();
  frames.forEach((frame) => store.add(frame));
  return store;
}

describe('the colour scale', () => {
  it('runs from the first stop at 0 % to the last at 100 %, opaque throughout', () => {
    expect(lutAt(0)).toEqual([...busyColourStops[0]![1], 255]);
    expect(lutAt(100)).toEqual([...busyColourStops.at(-1)![1], 255]);
    for (let i = 3; i < lut.length; i += 4) expect(lut[i]).toBe(255);
  });
});

describe('rasterising rows', () => {
  it('paints one pixel per second when the window is as many pixels wide as it has seconds', () => {
    const store = storeOf([frameAt(1000, { cpus: 2, busy: () => 30 }), frameAt(2000, { cpus: 2, busy: (id) => (id === 0 ? 100 : 0) })]);
    const out = new Uint8ClampedArray(2 * 2 * 4);
    rasterizeRows({ columns: store.columns, pick: (column) => column.busy, rowCount: 2, window: { startT: 0, endT: 2000 }, widthPx: 2 }, lut, out);
    expect(rgbaAt(out, 0)).toEqual(lutAt(30));
    expect(rgbaAt(out, 1)).toEqual(lutAt(100));
    expect(rgbaAt(out, 2)).toEqual(lutAt(30));
    expect(rgbaAt(out, 3)).toEqual(lutAt(0));
  });

  it('keeps a one-second spike visible when many seconds share a pixel (max, not mean)', () => {
    const frames = Array.from({ length: 60 }, (_, i) => frameAt((i + 1) * 1000, { cpus: 1, busy: () => (i === 37 ? 100 : 5) }));
    const out = new Uint8ClampedArray(6 * 4);
    rasterizeRows({ columns: storeOf(frames).columns, pick: (column) => column.busy, rowCount: 1, window: { startT: 0, endT: 60_000 }, widthPx: 6 }, lut, out);
    expect(rgbaAt(out, 3)).toEqual(lutAt(100));
    expect(rgbaAt(out, 0)).toEqual(lutAt(5));
  });

  it('leaves a gap transparent instead of filling it', () => {
    const store = storeOf([frameAt(1000, { cpus: 1, busy: () => 50 }), frameAt(4000, { cpus: 1, busy: () => 50 })]);
    const out = new Uint8ClampedArray(4 * 4);
    rasterizeRows({ columns: store.columns, pick: (column) => column.busy, rowCount: 1, window: { startT: 0, endT: 4000 }, widthPx: 4 }, lut, out);
    expect([0, 1, 2, 3].map((px) => out[px * 4 + 3])).toEqual([255, 0, 0, 255]);
  });

  it('repaints only the pixel columns asked for, leaving the rest as they were', () => {
    const store = storeOf([frameAt(1000, { cpus: 1, busy: () => 20 }), frameAt(2000, { cpus: 1, busy: () => 80 })]);
    const out = new Uint8ClampedArray(2 * 4).fill(7);
    rasterizeRows({ columns: store.columns, pick: (column) => column.busy, rowCount: 1, window: { startT: 0, endT: 2000 }, widthPx: 2, pxRange: [1, 2] }, lut, out);
    expect(rgbaAt(out, 0)).toEqual([7, 7, 7, 7]);
    expect(rgbaAt(out, 1)).toEqual(lutAt(80));
  });

  it('tiles back-to-back samples without overlap or holes at any zoom', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 2, max: 300 }), (widthPx, samples) => {
        const window = { startT: 0, endT: samples * 1000 };
        const msPerPx = window.endT / widthPx;
        const spans = Array.from({ length: samples }, (_, i) => pixelSpan({ t: (i + 1) * 1000, intervalMs: 1000 }, window, msPerPx));
        for (const [from, to] of spans) expect(to).toBeGreaterThan(from);
        if (widthPx >= samples) {
          for (let i = 1; i < spans.length; i += 1) expect(spans[i]![0]).toBe(spans[i - 1]![1]);
          expect(spans[0]![0]).toBe(0);
          expect(spans.at(-1)![1]).toBe(widthPx);
        }
      }),
    );
  });
});
