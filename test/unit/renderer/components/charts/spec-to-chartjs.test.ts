import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../../../../src-shared/charts/chart-spec';
import { colorOfRole, lineConfigOf } from '../../../../../src-renderer/components/charts/spec-to-chartjs';

const palette = { text: '#111111', grid: '#eeeeee', series: ['#000001', '#000002', '#000003', '#000004', '#000005', '#000006', '#000007', '#000008'], marker: '#999999' };

const spec: ChartSpec = {
  title: 'Server slots and queue',
  x: { unit: 's', label: 'Elapsed (s)', min: 0, max: 20 },
  yAxes: [{ id: 'count', unit: 'requests', label: 'requests', max: 8 }, { id: 'latency', unit: 'ms', label: 'TTFT ms' }],
  series: [
    { label: 'In flight', axis: 'count', points: [[0, 2], [1, null]], style: 'line', colorRole: 'in-flight', stepped: true },
    { label: 'TTFT p95', axis: 'latency', points: [[0, 90]], style: 'dashed', colorRole: 'tail', thin: true },
    { label: 'KV cache', axis: 'count', points: [[0, 3]], style: 'area', colorRole: 'kv-cache' },
  ],
  markers: [{ x: 10, label: 'stage 2' }],
};

describe('drawing a chart spec with chart.js', () => {
  it('turns points into {x, y} with gaps kept, on the left or right axis the spec names', () => {
    const { data } = lineConfigOf(spec, palette);
    expect(data.datasets.map((set) => [set.label, set.yAxisID])).toEqual([['In flight', 'y'], ['TTFT p95', 'y1'], ['KV cache', 'y']]);
    expect(data.datasets[0]!.data).toEqual([{ x: 0, y: 2 }, { x: 1, y: null }]);
  });

  it('resolves each colour role to the theme’s colour and draws the style it asks for', () => {
    const [inFlight, tail, kv] = lineConfigOf(spec, palette).data.datasets;
    expect(inFlight).toMatchObject({ borderColor: '#000001', stepped: 'before', borderDash: [] });
    expect(tail).toMatchObject({ borderColor: '#000004', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 });
    expect(kv).toMatchObject({ borderColor: '#000002', fill: 'origin', backgroundColor: '#00000233' });
    expect(colorOfRole('extreme', { ...palette, series: [] })).toBe('#db2777');
  });

  it('carries the axes, the fixed time range and the stage markers into the options', () => {
    const { options } = lineConfigOf(spec, palette);
    expect(options.scales?.x).toMatchObject({ min: 0, max: 20, title: { text: 'Elapsed (s)' } });
    expect(options.scales?.y).toMatchObject({ max: 8, title: { text: 'requests' } });
    expect(options.scales?.y1).toMatchObject({ position: 'right', title: { text: 'TTFT ms' } });
    expect(options.plugins?.stageMarkers).toEqual({ markers: [{ xS: 10, label: 'stage 2' }], lineColor: '#999999', textColor: '#111111' });
  });
});
