import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../../../../src-shared/schemas/run-result';
import { describeHover, extraRowShortLabel, type HoverContext } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-hover';
import { layoutHeatmap, timeToX } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-layout';
import { HeatmapStore } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-store';
import { decimateLine, runTracks, seriesPointAt, trackMax } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-tracks';
import { frameAt, gpuFrame } from './heatmap-fixtures';

const point = (tS: number, requestsPerS: number, ttftP50Ms: number | null): SeriesPoint => ({
  tS, completed: 1, failed: 0, outputTokens: 10, requestsPerS, outputTokensPerS: requestsPerS * 100, ttftP50Ms, ttftP95Ms: ttftP50Ms, itlP50Ms: null, e2eP50Ms: null, inFlight: 2,
});

function context(): HoverContext {
  const store = new HeatmapStore();
  store.add(frameAt(11_000, { cpus: 4, gpus: [gpuFrame(60)] }));
  store.add(frameAt(12_000, { cpus: 4, busy: (id) => id * 20 + 3, gpus: [gpuFrame(90)] }));
  const geometry = layoutHeatmap({ width: 1000, cpuRows: 4, extraRows: store.extraRowCount, trackCount: 2 });
  return { store, geometry, window: { startT: 10_000, endT: 12_000 }, originT: 10_000, series: [point(0, 1.5, 120), point(1, 2.5, null)], runStartT: 10_000 };
}

describe('the heatmap hover', () => {
  it('shows the exact busy split of the CPU and second under the pointer', () => {
    const ctx = context();
    const x = timeToX(ctx.geometry, ctx.window, 11_500);
    const info = describeHover(ctx, { x, y: ctx.geometry.cpuTop + ctx.geometry.cpuRowHeight * 3.5 });
    expect(info?.title).toBe('CPU 3');
    expect(info?.time).toBe('t = 0:02');
    expect(info?.rows.slice(0, 3)).toEqual([
      { label: 'Busy', value: '63.0 %' },
      { label: 'User', value: '44.1 %' },
      { label: 'System', value: '18.9 %' },
    ]);
  });

  it('names GPU rows and gives their memory in GiB', () => {
    const ctx = context();
    const x = timeToX(ctx.geometry, ctx.window, 11_500);
    const memory = describeHover(ctx, { x, y: ctx.geometry.extraTop + ctx.geometry.extraRowHeight * 1.5 });
    expect(memory?.title).toBe('GPU 0 memory');
    expect(memory?.rows).toContainEqual({ label: 'Used / total', value: '40.00 GiB / 80.00 GiB' });
    const util = describeHover(ctx, { x, y: ctx.geometry.extraTop + 1 });
    expect(util?.rows[0]).toEqual({ label: 'Utilisation', value: '90.0 %' });
    expect([0, 1, 2].map((row) => extraRowShortLabel(ctx.store, row))).toEqual(['GPU0 util', 'GPU0 mem', 'RAM']);
  });

  it('reads the run second under the pointer on the load tracks', () => {
    const ctx = context();
    const x = timeToX(ctx.geometry, ctx.window, 10_400);
    const info = describeHover(ctx, { x, y: ctx.geometry.tracks[0]!.top + 5 });
    expect(info?.title).toBe('Load, second 0');
    expect(info?.rows).toContainEqual({ label: 'TTFT p50', value: '120 ms' });
  });
});

describe('the load tracks', () => {
  it('put each second in the middle of its span on the house clock and leave holes for missing values', () => {
    const tracks = runTracks([point(0, 1, 100), point(1, 3, null)], 50_000, ['a', 'b', 'c', 'd']);
    expect(tracks.map((track) => track.title)).toEqual(['Throughput', 'TTFT']);
    expect(tracks[0]!.lines[1]!.points).toEqual([{ t: 50_500, v: 1 }, { t: 51_500, v: 3 }]);
    expect(tracks[1]!.lines[0]!.points[1]).toEqual({ t: 51_500, v: null });
    expect(trackMax(tracks[0]!, 'right')).toBe(3);
    expect(seriesPointAt([point(0, 1, 1), point(1, 2, 2)], 50_000, 51_999)?.tS).toBe(1);
  });
});

describe('thinning a track line to the pixels it is drawn on', () => {
  const points = Array.from({ length: 3600 }, (_, i) => ({ t: i * 1000, v: i === 1800 ? 999 : i % 7 }));

  it('keeps at most four points per pixel column and never loses a peak', () => {
    const thinned = decimateLine(points, { startT: 0, endT: 3_600_000 }, 100);
    expect(thinned.length).toBeLessThanOrEqual(400);
    expect(thinned.some((point) => point.v === 999)).toBe(true);
    expect(thinned[0]).toEqual(points[0]);
    expect(thinned.at(-1)).toEqual(points.at(-1));
  });

  it('draws only the window, plus one point either side so the line reaches its edges', () => {
    const thinned = decimateLine(points, { startT: 10_500, endT: 20_500 }, 1000);
    expect(thinned.map((point) => point.t)).toEqual(Array.from({ length: 12 }, (_, i) => (10 + i) * 1000));
  });

  it('keeps holes as holes', () => {
    const holed = [{ t: 0, v: 1 }, { t: 1000, v: null }, { t: 2000, v: 3 }];
    expect(decimateLine(holed, { startT: 0, endT: 2000 }, 1)).toEqual(holed);
  });
});
