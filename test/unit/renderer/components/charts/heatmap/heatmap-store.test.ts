import { describe, expect, it } from 'vitest';
import { columnAt, HeatmapStore } from '../../../../../../src-renderer/components/charts/heatmap/heatmap-store';
import { frameAt, gpuFrame } from './heatmap-fixtures';

describe('the heatmap store', () => {
  it('keeps one row per CPU in CPU-number order and one column per sample in time order', () => {
    const store = new HeatmapStore();
    store.add(frameAt(3000, { cpuIds: [2, 0, 1] }));
    store.add(frameAt(1000, { cpuIds: [2, 0, 1] }));
    store.add(frameAt(2000, { cpuIds: [2, 0, 1] }));
    expect(store.cpuIds).toEqual([0, 1, 2]);
    expect(store.columns.map((column) => column.t)).toEqual([1000, 2000, 3000]);
    expect([...store.columns[0]!.busy]).toEqual([0, 10, 20]);
  });

  it('ignores a frame it already holds and bumps the version only for new data', () => {
    const store = new HeatmapStore();
    expect(store.add(frameAt(1000))).toBe(true);
    const version = store.version;
    expect(store.add(frameAt(1000))).toBe(false);
    expect(store.version).toBe(version);
    expect(store.columns).toHaveLength(1);
  });

  it('re-lays out older columns when a CPU comes online, leaving it empty before then', () => {
    const store = new HeatmapStore();
    store.add(frameAt(1000, { cpuIds: [0, 2], busy: (id) => id * 10 }));
    store.add(frameAt(2000, { cpuIds: [0, 1, 2], busy: (id) => id * 10 + 1 }));
    expect(store.cpuIds).toEqual([0, 1, 2]);
    const [first, second] = store.columns;
    expect([...first!.busy]).toEqual([0, Number.NaN, 20]);
    expect([...second!.busy]).toEqual([1, 11, 21]);
  });

  it('puts GPU utilisation, GPU memory and RAM into the extra rows, null as no value', () => {
    const store = new HeatmapStore();
    store.add(frameAt(1000));
    store.add(frameAt(2000, { gpus: [gpuFrame(87.5)] }));
    expect(store.gpus).toEqual([{ id: 'GPU-1234', label: 'GPU 0' }]);
    expect(store.extraRowCount).toBe(3);
    expect([...store.columns[0]!.extra]).toEqual([Number.NaN, Number.NaN, 42]);
    expect([...store.columns[1]!.extra]).toEqual([87.5, 50, 42]);
    store.add(frameAt(3000, { gpus: [{ ...gpuFrame(0), utilPct: null }] }));
    expect(store.columns[2]!.extra[0]).toBeNaN();
  });

  it('finds the column whose interval holds an instant, and none in a hole', () => {
    const store = new HeatmapStore();
    store.add(frameAt(1000));
    store.add(frameAt(2000));
    store.add(frameAt(6000));
    expect(columnAt(store.columns, 1500)?.t).toBe(2000);
    expect(columnAt(store.columns, 2000)?.t).toBe(2000);
    expect(columnAt(store.columns, 3500)).toBeUndefined();
    expect(columnAt(store.columns, 5500)?.t).toBe(6000);
    expect(columnAt(store.columns, 6500)).toBeUndefined();
  });
});
