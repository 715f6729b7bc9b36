import { useMemo } from 'react';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import { lineOptions, throughputData, ttftData } from './datasets';
import { LineChart } from './line-chart';
import { useChartPalette } from './palette';

/** Throughput and TTFT over the run's seconds, live or recorded: the same view for both. */
export function RunCharts({ points, isLive }: { points: readonly SeriesPoint[]; isLive: boolean }) {
  const palette = useChartPalette();
  const throughput = useMemo(() => throughputData(points, palette), [points, palette]);
  const ttft = useMemo(() => ttftData(points, palette), [points, palette]);
  const throughputOptions = useMemo(() => lineOptions({ title: 'req/s', rightTitle: 'tok/s' }, palette), [palette]);
  const ttftOptions = useMemo(() => lineOptions({ title: 'ms' }, palette), [palette]);
  const emptyText = isLive ? 'Waiting for the first full second…' : 'No per-second data was recorded.';
  return (
    <div className="chart-grid">
      <LineChart title="Throughput" data={throughput} options={throughputOptions} testId="chart-throughput" emptyText={emptyText} />
      <LineChart title="Time to first token" data={ttft} options={ttftOptions} testId="chart-ttft" emptyText={emptyText} />
    </div>
  );
}
