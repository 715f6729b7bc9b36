import { useMemo } from 'react';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../src-shared/schemas/server-sample';
import { lineOptions, throughputData, type ChartPalette } from './datasets';
import { LineChart } from './line-chart';
import { useChartPalette } from './palette';
import { errorsData, itlData, queueData, serverViewData, timeAxisMaxS, ttftPercentilesData } from './run-datasets';
import type { StageMarker } from './stage-markers';

interface RunChartsProps {
  points: readonly SeriesPoint[];
  isLive: boolean;
  /** The server's own view (server.jsonl / run.serverSample); empty when it was not scraped. */
  samples?: readonly ServerSample[];
  /** Where each load stage starts. */
  markers?: readonly StageMarker[];
  /** The planned length: while live, the time axis spans it so the charts do not rescale each second. */
  plannedS?: number | undefined;
}

/**
 * The run over time, live or recorded, every chart on one time axis (same range, same stage
 * markers): throughput, TTFT and ITL percentiles, the server's slots and queue against the
 * client's requests in flight, the server's own view, and errors by class.
 */
export function RunCharts({ points, isLive, samples = [], markers = [], plannedS }: RunChartsProps) {
  const palette = useChartPalette();
  const xMaxS = timeAxisMaxS(points, samples, isLive ? plannedS : undefined);
  const options = useChartOptions(palette, { xMaxS, markers });
  const data = useMemo(
    () => ({
      throughput: throughputData(points, palette),
      ttftAll: ttftPercentilesData(points, palette),
      itl: itlData(points, palette),
      queue: queueData(points, samples, palette),
      server: serverViewData(samples, palette),
      errors: errorsData(points, palette),
    }),
    [points, samples, palette],
  );
  const emptyText = isLive ? 'Waiting for the first full second…' : 'No per-second data was recorded.';
  const serverEmpty = isLive ? 'Waiting for the first scrape of /metrics and /slots…' : 'The server’s own view was not recorded for this run.';
  return (
    <div className="chart-grid chart-grid-run" data-testid="run-charts">
      <LineChart title="Throughput" data={data.throughput} options={options.throughput} testId="chart-throughput" emptyText={emptyText} />
      <LineChart title="Time to first token" subtitle="p50 · p95 · p99 per second" data={data.ttftAll} options={options.ms} testId="chart-ttft" emptyText={emptyText} />
      <LineChart
        title="Server slots and queue"
        subtitle="scraped /slots and /metrics beside the client’s requests in flight"
        data={data.queue}
        options={options.queue}
        testId="chart-queue"
        emptyText={samples.length === 0 ? serverEmpty : emptyText}
      />
      <LineChart title="Inter-token latency" subtitle="ITL p50 · p99 and TPOT p50 per second" data={data.itl} options={options.ms} testId="chart-itl" emptyText={emptyText} />
      <LineChart title="Server view" subtitle="slot and KV-cache use, server-side token rates" data={data.server} options={options.server} testId="chart-server" emptyText={serverEmpty} />
      <LineChart title="Errors over time" subtitle="failed requests per second, by class" data={data.errors} options={options.errors} testId="chart-errors" emptyText={points.length === 0 ? emptyText : 'No request failed.'} />
    </div>
  );
}

/** One options object per axis layout, all sharing the run's time range and stage markers. */
function useChartOptions(palette: ChartPalette, frame: { xMaxS: number | undefined; markers: readonly StageMarker[] }) {
  const { xMaxS, markers } = frame;
  return useMemo(() => {
    const shared = { markers, ...(xMaxS === undefined ? {} : { xMaxS }) };
    return {
      throughput: lineOptions({ title: 'req/s', rightTitle: 'tok/s', ...shared }, palette),
      ms: lineOptions({ title: 'ms', ...shared }, palette),
      queue: lineOptions({ title: 'requests', rightTitle: 'TTFT ms', ...shared }, palette),
      server: lineOptions({ title: '%', rightTitle: 'tok/s', yMax: 100, ...shared }, palette),
      errors: lineOptions({ title: 'failed / s', ...shared }, palette),
    };
  }, [palette, xMaxS, markers]);
}
