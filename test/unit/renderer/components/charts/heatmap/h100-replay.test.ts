import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toTelemetryFrame } from '../../../../../../src-shared/schemas/telemetry-frame';
import { buildColourLut, rasterizeRows } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-raster';
import { HeatmapStore } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-store';
import { replaySamplerCapture } from '../../../../../support/replay-sampler';

const capture = join(import.meta.dirname, '../../../../../fixtures/host/sampler-stream-h100-timed.txt');

describe('a live H100 sampler capture drawn as a heatmap', () => {
  it('has one row per CPU of the 16, a GPU utilisation and memory row, and the matmul as a block of 100 %', async () => {
    const { samples, gaps } = await replaySamplerCapture(capture);
    expect(gaps).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(20);
    const store = new HeatmapStore();
    samples.forEach((sample) => store.add(toTelemetryFrame(sample)));
    expect(store.cpuIds).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(store.gpus.map((gpu) => gpu.label)).toEqual(['GPU 0']);
    const gpuUtil = store.columns.map((column) => column.extra[0]);
    expect(gpuUtil.slice(0, 3)).toEqual([0, 0, 0]);
    expect(gpuUtil.filter((value) => value === 100).length).toBeGreaterThanOrEqual(8);
    // Four busy loops ran for ~8 s: at least four cores were near-saturated in the same samples.
    const saturated = store.columns.map((column) => [...column.busy].filter((busy) => busy >= 90).length);
    expect(Math.max(...saturated)).toBeGreaterThanOrEqual(4);

    const first = store.columns[0]!;
    const window = { startT: first.t - first.intervalMs, endT: store.columns.at(-1)!.t };
    const out = new Uint8ClampedArray(store.columns.length * 16 * 4);
    rasterizeRows({ columns: store.columns, pick: (column) => column.busy, rowCount: 16, window, widthPx: store.columns.length }, buildColourLut(), out);
    expect([...out].filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
  });
});
