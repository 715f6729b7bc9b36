import { useMemo } from 'react';
import { errorsChart, itlChart, queueChart, runTimeAxisMaxS, serverViewChart, throughputChart, ttftChart } from '../../../src-shared/charts/run-charts';
import type { ChartSpec } from '../../../src-shared/charts/chart-spec';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../src-shared/schemas/server-sample';
import type { ChartPalette } from './datasets';
import { LineChart } from './line-chart';
import { useChartPalette } from './palette';
import { lineConfigOf } from './spec-to-chartjs';
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

const noSamples: readonly ServerSample[] = [];
const noMarkers: readonly StageMarker[] = [];

/**
 * The run over time, live or recorded, every chart on one time axis (same range, same stage
 * markers): throughput, TTFT and ITL percentiles, the server's slots and queue against the
 * client's requests in flight, the server's own view, and errors by class. The specs come from
 * src-shared (the report draws the same ones); this component only colours and draws them.
 */
export function RunCharts({ points, isLive, samples = noSamples, markers = noMarkers, plannedS }: RunChartsProps) {
  const palette = useChartPalette();
  const xMaxS = runTimeAxisMaxS(points, samples, isLive ? plannedS : undefined);
  const charts = useMemo(() => {
    const frame = { xMaxS, markers: markers.map((marker) => ({ x: marker.xS, label: marker.label })) };
    return {
      throughput: throughputChart(points, frame),
      ttft: ttftChart(points, frame),
      itl: itlChart(points, frame),
      queue: queueChart(points, samples, frame),
      server: serverViewChart(samples, frame),
      errors: errorsChart(points, frame),
    };
  }, [points, samples, markers, xMaxS]);
  const emptyText = isLive ? 'Waiting for the first full second…' : 'No per-second data was recorded.';
  const serverEmpty = isLive ? 'Waiting for the first scrape of /metrics and /slots…' : 'The server’s own view was not recorded for this run.';
  return (
    <div className="chart-grid chart-grid-run" data-testid="run-charts">
      <SpecChart spec={charts.throughput} palette={palette} testId="chart-throughput" emptyText={emptyText} />
      <SpecChart spec={charts.ttft} palette={palette} testId="chart-ttft" emptyText={emptyText} />
      <SpecChart spec={charts.queue} palette={palette} testId="chart-queue" emptyText={samples.length === 0 ? serverEmpty : emptyText} />
      <SpecChart spec={charts.itl} palette={palette} testId="chart-itl" emptyText={emptyText} />
      <SpecChart spec={charts.server} palette={palette} testId="chart-server" emptyText={serverEmpty} />
      <SpecChart spec={charts.errors} palette={palette} testId="chart-errors" emptyText={points.length === 0 ? emptyText : 'No request failed.'} />
    </div>
  );
}

interface SpecChartProps {
  spec: ChartSpec;
  palette: ChartPalette;
  testId: string;
  emptyText: string;
}

/** One chart card drawn from a spec; the chart.js config is rebuilt only when the spec or theme changes. */
function SpecChart({ spec, palette, testId, emptyText }: SpecChartProps) {
  const config = useMemo(() => lineConfigOf(spec, palette), [spec, palette]);
  return <LineChart title={spec.title} {...(spec.subtitle === undefined ? {} : { subtitle: spec.subtitle })} data={config.data} options={config.options} testId={testId} emptyText={emptyText} />;
}
