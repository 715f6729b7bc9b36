import { formatErrorClass } from '../format/numbers';
import type { SeriesPoint } from '../schemas/run-result';
import type { ServerSample } from '../schemas/server-sample';
import { valueOrGap, withoutEmptySeries, type ChartMarker, type ChartPoint, type ChartSeries, type ChartSpec, type ChartXAxis } from './chart-spec';

/**
 * Pure builders from a recorded (or live) run to chart specs: throughput, TTFT and ITL
 * percentiles, the server's slots and queue, the server's own view, and errors by class. Client
 * points sit at their second's start (tS); server samples at their scrape instant (tS since the
 * same t = 0), so every chart of a run shares one time axis, range and stage markers.
 */

/** What every chart of one run shares: the time range and the stage starts. */
export interface RunChartFrame {
  /** The right end of the time axis in seconds (see runTimeAxisMaxS); open-ended when absent. */
  xMaxS?: number | undefined;
  markers?: readonly ChartMarker[];
}

/** Per-second client points as [x, y]; a second without a value becomes a gap. */
export function pointsXY(points: readonly SeriesPoint[], pick: (point: SeriesPoint) => number | null | undefined): ChartPoint[] {
  return points.map((point) => [point.tS, valueOrGap(pick(point))]);
}

/** Server samples as [x, y] at their scrape instant (to the ms); a figure the scrape could not read is a gap. */
export function samplesXY(samples: readonly ServerSample[], pick: (sample: ServerSample) => number | null | undefined): ChartPoint[] {
  return samples.map((sample) => [Math.round(sample.tS * 1000) / 1000, valueOrGap(pick(sample))]);
}

function timeAxis(frame: RunChartFrame): ChartXAxis {
  return { unit: 's', label: 'Elapsed (s)', ...(frame.xMaxS === undefined ? {} : { min: 0, max: frame.xMaxS }) };
}

function spec(frame: RunChartFrame, chart: Omit<ChartSpec, 'x' | 'markers'>): ChartSpec {
  return { ...chart, x: timeAxis(frame), markers: [...(frame.markers ?? [])] };
}

/** Requests per second on the left axis, output tokens per second on the right. */
export function throughputChart(points: readonly SeriesPoint[], frame: RunChartFrame): ChartSpec {
  return spec(frame, {
    title: 'Throughput',
    yAxes: [{ id: 'y', unit: 'req/s', label: 'req/s' }, { id: 'y1', unit: 'tok/s', label: 'tok/s' }],
    series: [
      { label: 'Requests (req/s)', axis: 'y', points: pointsXY(points, (p) => p.requestsPerS), style: 'line', colorRole: 'requests' },
      { label: 'Output tokens (tok/s)', axis: 'y1', points: pointsXY(points, (p) => p.outputTokensPerS), style: 'line', colorRole: 'tokens' },
    ],
  });
}

/** TTFT p50, p95 and p99 per second; percentiles a run did not record are left out. */
export function ttftChart(points: readonly SeriesPoint[], frame: RunChartFrame): ChartSpec {
  return spec(frame, {
    title: 'Time to first token',
    subtitle: 'p50 · p95 · p99 per second',
    yAxes: [{ id: 'y', unit: 'ms', label: 'ms' }],
    series: withoutEmptySeries([
      { label: 'TTFT p50 (ms)', axis: 'y', points: pointsXY(points, (p) => p.ttftP50Ms), style: 'line', colorRole: 'median' },
      { label: 'TTFT p95 (ms)', axis: 'y', points: pointsXY(points, (p) => p.ttftP95Ms), style: 'dashed', colorRole: 'tail' },
      { label: 'TTFT p99 (ms)', axis: 'y', points: pointsXY(points, (p) => p.ttftP99Ms), style: 'dashed', colorRole: 'extreme', thin: true },
    ]),
  });
}

/** ITL p50 and p99 and TPOT p50 per second. */
export function itlChart(points: readonly SeriesPoint[], frame: RunChartFrame): ChartSpec {
  return spec(frame, {
    title: 'Inter-token latency',
    subtitle: 'ITL p50 · p99 and TPOT p50 per second',
    yAxes: [{ id: 'y', unit: 'ms', label: 'ms' }],
    series: withoutEmptySeries([
      { label: 'ITL p50 (ms)', axis: 'y', points: pointsXY(points, (p) => p.itlP50Ms), style: 'line', colorRole: 'itl' },
      { label: 'ITL p99 (ms)', axis: 'y', points: pointsXY(points, (p) => p.itlP99Ms), style: 'dashed', colorRole: 'tail' },
      { label: 'TPOT p50 (ms)', axis: 'y', points: pointsXY(points, (p) => p.tpotP50Ms), style: 'line', colorRole: 'tpot' },
    ]),
  });
}

/**
 * The acceptance chart: the server's busy slots and deferred requests against the client's
 * requests in flight, with the slot count as a ceiling and TTFT p95 on the right axis — when
 * in-flight passes the ceiling the excess waits in the server's queue, and TTFT climbs with it.
 */
export function queueChart(points: readonly SeriesPoint[], samples: readonly ServerSample[], frame: RunChartFrame): ChartSpec {
  return spec(frame, {
    title: 'Server slots and queue',
    subtitle: 'scraped /slots and /metrics beside the client’s requests in flight',
    yAxes: [{ id: 'y', unit: 'requests', label: 'requests' }, { id: 'y1', unit: 'ms', label: 'TTFT ms' }],
    series: [
      { label: 'In flight (client)', axis: 'y', points: pointsXY(points, (p) => p.inFlight), style: 'line', colorRole: 'in-flight', stepped: true },
      { label: 'Slots busy (server)', axis: 'y', points: samplesXY(samples, (s) => s.derived.slotsBusy), style: 'line', colorRole: 'busy' },
      { label: 'Deferred (server)', axis: 'y', points: samplesXY(samples, (s) => s.derived.waiting), style: 'line', colorRole: 'queue' },
      { label: 'Slots (total)', axis: 'y', points: samplesXY(samples, (s) => s.derived.slotsTotal), style: 'dashed', colorRole: 'capacity', thin: true },
      { label: 'TTFT p95 (ms)', axis: 'y1', points: pointsXY(points, (p) => p.ttftP95Ms), style: 'dashed', colorRole: 'tail', thin: true },
    ],
  });
}

const percent = (value: number | null): number | null => (value === null ? null : value * 100);

/** Slot and KV-cache use in percent, and the server's own token rates on the right axis. */
export function serverViewChart(samples: readonly ServerSample[], frame: RunChartFrame): ChartSpec {
  return spec(frame, {
    title: 'Server view',
    subtitle: 'slot and KV-cache use, server-side token rates',
    yAxes: [{ id: 'y', unit: '%', label: '%', max: 100 }, { id: 'y1', unit: 'tok/s', label: 'tok/s' }],
    series: [
      { label: 'Slot use (%)', axis: 'y', points: samplesXY(samples, (s) => percent(s.derived.slotUse)), style: 'line', colorRole: 'busy' },
      { label: 'KV cache (%)', axis: 'y', points: samplesXY(samples, (s) => percent(s.derived.kvCacheUsage)), style: 'line', colorRole: 'kv-cache' },
      { label: 'Decode (tok/s, server)', axis: 'y1', points: samplesXY(samples, (s) => s.derived.generatedTokensPerS ?? s.derived.slotDecodeTokensPerS), style: 'line', colorRole: 'decode', thin: true },
      { label: 'Prompt (tok/s, server)', axis: 'y1', points: samplesXY(samples, (s) => s.derived.promptTokensPerS), style: 'dashed', colorRole: 'prompt', thin: true },
    ],
  });
}

/** Classes that count as errors on the chart: end-of-run cut-offs are not the server's fault. */
const notErrors = new Set(['cancelled']);
const classRoles = ['category-1', 'category-2', 'category-3', 'category-4', 'category-5'] as const;

/** Failures per second, in all and one series per error class seen; no series for a clean run. */
export function errorsChart(points: readonly SeriesPoint[], frame: RunChartFrame): ChartSpec {
  const chart = { title: 'Errors over time', subtitle: 'failed requests per second, by class', yAxes: [{ id: 'y', unit: 'failed/s', label: 'failed / s' }] };
  if (points.every((point) => point.failed === 0)) return spec(frame, { ...chart, series: [] });
  const classes = [...new Set(points.flatMap((point) => Object.keys(point.errors ?? {})))].filter((name) => !notErrors.has(name)).sort();
  const total: ChartSeries = { label: 'Failed (all)', axis: 'y', points: pointsXY(points, (p) => p.failed), style: 'line', colorRole: 'failure', stepped: true };
  const byClass = classes.map(
    (name, index): ChartSeries => ({ label: formatErrorClass(name), axis: 'y', points: pointsXY(points, (p) => p.errors?.[name] ?? 0), style: 'line', colorRole: classRoles[index % classRoles.length]!, stepped: true, thin: true }),
  );
  return spec(frame, { ...chart, series: [total, ...byClass] });
}

/** The x range in whole seconds that fits the run's seconds, its server samples and the planned length. */
export function runTimeAxisMaxS(points: readonly SeriesPoint[], samples: readonly ServerSample[], plannedS: number | undefined): number | undefined {
  const lastPoint = points.at(-1);
  const candidates = [plannedS, lastPoint === undefined ? undefined : lastPoint.tS + 1, samples.at(-1)?.tS].filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return candidates.length === 0 ? undefined : Math.ceil(Math.max(...candidates));
}
