import { useMemo } from 'react';
import type { ChartOptions } from 'chart.js';
import type { ProbeVerdict } from '../../../src-shared/schemas/capacity';
import { line, lineOptions, type ChartPalette, type LineData } from '../../components/charts/datasets';
import { LineChart } from '../../components/charts/line-chart';
import { useChartPalette } from '../../components/charts/palette';
import type { CapacityPlot } from './capacity-plot';

/** Each verdict its own colour and shape, so pass, fail and unresolved read apart in print and for colour-blind readers. */
const verdictStyle: Record<ProbeVerdict, { label: string; pointStyle: 'circle' | 'crossRot' | 'triangle' | 'rect'; colorIndex: number }> = {
  pass: { label: 'Probe passed', pointStyle: 'circle', colorIndex: 2 },
  fail: { label: 'Probe failed', pointStyle: 'crossRot', colorIndex: 4 },
  unresolved: { label: 'Probe unresolved', pointStyle: 'triangle', colorIndex: 1 },
  invalid: { label: 'Probe invalid (client-bound)', pointStyle: 'rect', colorIndex: 6 },
};

function curveDatasets(plot: CapacityPlot, palette: ChartPalette) {
  const at = (pick: (point: CapacityPlot['curve'][number]) => number | null) => plot.curve.map((point) => ({ x: point.users, y: pick(point) }));
  const color = (index: number) => palette.series[index] ?? '#64748b';
  return [
    line({ label: 'Output tok/s', data: at((point) => point.outputTokensPerS), color: color(0) }),
    line({ label: 'TTFT p50 (ms)', data: at((point) => point.ttftP50Ms), color: color(3), yAxisID: 'y1', dashed: true }),
    line({ label: 'TPOT p50 (ms)', data: at((point) => point.tpotP50Ms), color: color(5), yAxisID: 'y1', dashed: true }),
  ];
}

function probeDatasets(plot: CapacityPlot, palette: ChartPalette) {
  return (Object.keys(verdictStyle) as ProbeVerdict[]).flatMap((verdict) => {
    const data = plot.probes.filter((probe) => probe.verdict === verdict).map((probe) => ({ x: probe.users, y: probe.outputTokensPerS }));
    if (data.length === 0) return [];
    const style = verdictStyle[verdict];
    const color = palette.series[style.colorIndex] ?? '#64748b';
    return [{ ...line({ label: style.label, data, color }), showLine: false, pointStyle: style.pointStyle, pointRadius: 7, pointBorderWidth: 2, pointHoverRadius: 8 }];
  });
}

function chartConfig(plot: CapacityPlot, palette: ChartPalette): { data: LineData; options: ChartOptions<'line'> } {
  const base = lineOptions({ title: 'Output tok/s', xTitle: 'Concurrent users', rightTitle: 'Median latency (ms)', markers: plot.markers.map((marker) => ({ xS: marker.x, label: marker.label })) }, palette);
  const options: ChartOptions<'line'> = {
    ...base,
    plugins: {
      ...base.plugins,
      legend: { position: 'bottom', labels: { color: palette.text, boxWidth: 14, boxHeight: 8, usePointStyle: true } },
      tooltip: { callbacks: { title: (items) => `${items[0]?.parsed.x ?? ''} users` } },
    },
  };
  return { data: { datasets: [...curveDatasets(plot, palette), ...probeDatasets(plot, palette)] }, options };
}

/**
 * Output throughput and median TTFT/TPOT against users, with every probe at its verdict and the
 * capacity, the knees and the breaking point marked. `data-probes` lists the verdicts drawn, for tests.
 */
export function CapacityChart({ plot }: { plot: CapacityPlot }) {
  const palette = useChartPalette();
  const config = useMemo(() => chartConfig(plot, palette), [plot, palette]);
  return (
    <div data-testid="capacity-chart" data-probes={plot.probes.map((probe) => `${probe.users}:${probe.verdict}`).join(' ')}>
      <LineChart title="Throughput and latency by load" subtitle="each probe marked by its verdict" data={config.data} options={config.options} testId="capacity-curve" emptyText="The curve appears after the first probe." />
    </div>
  );
}
