import { describe, expect, it } from 'vitest';
import { formatElapsed, layoutHeatmap, regionAt, timeTicks, timeToX, xToTime } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-layout';
import { HeatmapStore } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-store';
import { dataBounds, followWindow, panWindow, windowFromDrag, zoomWindow } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-window';
import { frameAt } from './heatmap-fixtures';

describe('the heatmap time window', () => {
  it('spans from the run start (or first sample) to the last sample', () => {
    const store = new HeatmapStore();
    expect(dataBounds(store, null)).toBeNull();
    store.add(frameAt(11_000));
    store.add(frameAt(12_000));
    expect(dataBounds(store, null)).toEqual({ startT: 10_000, endT: 12_000 });
    expect(dataBounds(store, 9_500)).toEqual({ startT: 9_500, endT: 12_000 });
  });

  it('holds a live axis still until the data reaches its end, then extends it in 10 s steps', () => {
    const first = followWindow({ startT: 0, endT: 5_000 }, null);
    expect(first).toEqual({ startT: 0, endT: 60_000 });
    expect(followWindow({ startT: 0, endT: 59_000 }, first)).toBe(first);
    const next = followWindow({ startT: 0, endT: 61_000 }, first);
    expect(next.startT).toBe(0);
    expect(next.endT).toBeGreaterThanOrEqual(61_000 * 1.25);
    expect(next.endT % 10_000).toBe(0);
  });

  it('draws a short planned run on its own length, in whole seconds', () => {
    expect(followWindow({ startT: 0, endT: 2_000 }, null, 11_000)).toEqual({ startT: 0, endT: 11_000 });
  });

  it('zooms around an instant without leaving the data and never below the minimum span', () => {
    const bounds = { startT: 0, endT: 3_600_000 };
    const zoomed = zoomWindow(bounds, { factor: 0.5, centerT: 900_000, bounds });
    expect(zoomed.endT - zoomed.startT).toBe(1_800_000);
    expect(zoomed.startT).toBe(450_000);
    const tiny = zoomWindow({ startT: 0, endT: 6_000 }, { factor: 0.1, centerT: 0, bounds });
    expect(tiny.endT - tiny.startT).toBe(5_000);
    expect(zoomWindow(bounds, { factor: 4, centerT: 0, bounds })).toEqual(bounds);
  });

  it('pans within the data only', () => {
    const bounds = { startT: 0, endT: 100_000 };
    expect(panWindow({ startT: 80_000, endT: 95_000 }, 20_000, bounds)).toEqual({ startT: 85_000, endT: 100_000 });
    expect(panWindow({ startT: 5_000, endT: 20_000 }, -20_000, bounds)).toEqual({ startT: 0, endT: 15_000 });
  });

  it('turns a drag into a window either way round, ignoring a click', () => {
    expect(windowFromDrag(9_000, 3_000)).toEqual({ startT: 3_000, endT: 9_000 });
    expect(windowFromDrag(3_000, 3_500)).toBeNull();
  });
});

describe('the heatmap layout', () => {
  it('gives 256 threads two pixels a row, 32 fifteen and 2 cores twenty-eight', () => {
    expect(layoutHeatmap({ width: 1200, cpuRows: 256, extraRows: 3, trackCount: 2 }).cpuRowHeight).toBe(2);
    expect(layoutHeatmap({ width: 1200, cpuRows: 32, extraRows: 1, trackCount: 0 }).cpuRowHeight).toBe(15);
    expect(layoutHeatmap({ width: 1200, cpuRows: 2, extraRows: 1, trackCount: 0 }).cpuRowHeight).toBe(28);
  });

  it('maps time to x and back, and finds the row under a point', () => {
    const geometry = layoutHeatmap({ width: 1000, cpuRows: 4, extraRows: 3, trackCount: 2 });
    const window = { startT: 1_000, endT: 61_000 };
    expect(xToTime(geometry, window, timeToX(geometry, window, 31_000))).toBeCloseTo(31_000);
    const x = geometry.plotLeft + 10;
    expect(regionAt(geometry, x, geometry.tracks[1]!.top + 1)).toEqual({ kind: 'track', index: 1 });
    expect(regionAt(geometry, x, geometry.cpuTop + geometry.cpuRowHeight * 2.5)).toEqual({ kind: 'cpu', row: 2 });
    expect(regionAt(geometry, x, geometry.extraTop + geometry.extraRowHeight * 2.5)).toEqual({ kind: 'extra', row: 2 });
    expect(regionAt(geometry, geometry.plotLeft - 5, geometry.cpuTop + 1)).toEqual({ kind: 'none' });
  });

  it('labels ticks at round steps as elapsed time from the run start', () => {
    const ticks = timeTicks({ startT: 0, endT: 3_600_000 }, 1200, 0);
    expect(ticks[0]).toEqual({ t: 0, label: '0:00' });
    expect(ticks[1]!.t - ticks[0]!.t).toBe(300_000);
    expect(ticks.at(-1)).toEqual({ t: 3_600_000, label: '1:00:00' });
    expect(formatElapsed(-2_000)).toBe('−0:02');
    expect(formatElapsed(-300)).toBe('0:00');
  });
});
