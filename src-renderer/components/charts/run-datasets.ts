import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../src-shared/schemas/server-sample';
import { formatErrorClass } from '../../../src-shared/format/numbers';
import { line, toXY, type ChartPalette, type LineData, type XY } from './datasets';

/**
 * Pure builders for the run's second row of charts: latency percentiles, the server's slots and
 * queue beside the client's in-flight requests, the server's own view, and errors by class.
 * Client points sit at their second's start (tS); server samples at their scrape instant (tS
 * since the same t = 0), so both share one time axis.
 */

const color = (palette: ChartPalette, index: number, fallback: string): string => palette.series[index] ?? fallback;

/** Server samples as {x, y}; a scrape that could not read a figure leaves a gap. */
export function samplesXY(samples: readonly ServerSample[], pick: (sample: ServerSample) => number | null): XY[] {
  return samples.map((sample) => {
    const y = pick(sample);
    return { x: round(sample.tS), y: y !== null && Number.isFinite(y) ? y : null };
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Leaves out lines without a single value (a percentile an older run did not record), so the legend lists only what is drawn. */
export function withoutEmptyLines(data: LineData): LineData {
  const kept = data.datasets.filter((set) => set.data.some((point) => point.y !== null));
  return kept.length === 0 ? data : { ...data, datasets: kept };
}

export function ttftPercentilesData(points: readonly SeriesPoint[], palette: ChartPalette): LineData {
  return withoutEmptyLines({
    datasets: [
      line({ label: 'TTFT p50 (ms)', data: toXY(points, (p) => p.ttftP50Ms), color: color(palette, 2, '#059669') }),
      line({ label: 'TTFT p95 (ms)', data: toXY(points, (p) => p.ttftP95Ms), color: color(palette, 3, '#9333ea'), dashed: true }),
      line({ label: 'TTFT p99 (ms)', data: toXY(points, (p) => p.ttftP99Ms ?? null), color: color(palette, 7, '#db2777'), dashed: true, thin: true }),
    ],
  });
}

export function itlData(points: readonly SeriesPoint[], palette: ChartPalette): LineData {
  return withoutEmptyLines({
    datasets: [
      line({ label: 'ITL p50 (ms)', data: toXY(points, (p) => p.itlP50Ms), color: color(palette, 5, '#0891b2') }),
      line({ label: 'ITL p99 (ms)', data: toXY(points, (p) => p.itlP99Ms ?? null), color: color(palette, 3, '#9333ea'), dashed: true }),
      line({ label: 'TPOT p50 (ms)', data: toXY(points, (p) => p.tpotP50Ms ?? null), color: color(palette, 1, '#d97706') }),
    ],
  });
}

/**
 * The acceptance chart: the server's busy slots and deferred requests against the client's
 * requests in flight, with the slot count as a ceiling and TTFT p95 on the right axis — when
 * in-flight passes the ceiling the excess waits in the server's queue, and TTFT climbs with it.
 */
export function queueData(points: readonly SeriesPoint[], samples: readonly ServerSample[], palette: ChartPalette): LineData {
  return {
    datasets: [
      line({ label: 'In flight (client)', data: toXY(points, (p) => p.inFlight), color: color(palette, 0, '#2563eb'), stepped: true }),
      line({ label: 'Slots busy (server)', data: samplesXY(samples, (s) => s.derived.slotsBusy), color: color(palette, 2, '#059669') }),
      line({ label: 'Deferred (server)', data: samplesXY(samples, (s) => s.derived.waiting), color: color(palette, 4, '#dc2626') }),
      line({ label: 'Slots (total)', data: samplesXY(samples, (s) => s.derived.slotsTotal), color: color(palette, 6, '#64748b'), dashed: true, thin: true }),
      line({ label: 'TTFT p95 (ms)', data: toXY(points, (p) => p.ttftP95Ms), color: color(palette, 3, '#9333ea'), dashed: true, thin: true, yAxisID: 'y1' }),
    ],
  };
}

const percent = (value: number | null): number | null => (value === null ? null : value * 100);

/** Slot and KV-cache use in percent, and the server's own token rates on the right axis. */
export function serverViewData(samples: readonly ServerSample[], palette: ChartPalette): LineData {
  return {
    datasets: [
      line({ label: 'Slot use (%)', data: samplesXY(samples, (s) => percent(s.derived.slotUse)), color: color(palette, 2, '#059669') }),
      line({ label: 'KV cache (%)', data: samplesXY(samples, (s) => percent(s.derived.kvCacheUsage)), color: color(palette, 1, '#d97706') }),
      line({ label: 'Decode (tok/s, server)', data: samplesXY(samples, (s) => s.derived.generatedTokensPerS ?? s.derived.slotDecodeTokensPerS), color: color(palette, 0, '#2563eb'), yAxisID: 'y1', thin: true }),
      line({ label: 'Prompt (tok/s, server)', data: samplesXY(samples, (s) => s.derived.promptTokensPerS), color: color(palette, 5, '#0891b2'), yAxisID: 'y1', dashed: true, thin: true }),
    ],
  };
}

/** Classes that count as errors on the chart: end-of-run cut-offs are not the server's fault. */
const notErrors = new Set(['cancelled']);

/** One line per error class seen in the run (failures per second), and nothing for a clean run. */
export function errorsData(points: readonly SeriesPoint[], palette: ChartPalette): LineData {
  if (points.every((point) => point.failed === 0)) return { datasets: [] };
  const classes = [...new Set(points.flatMap((point) => Object.keys(point.errors ?? {})))].filter((name) => !notErrors.has(name)).sort();
  const total = line({ label: 'Failed (all)', data: toXY(points, (p) => p.failed), color: color(palette, 4, '#dc2626'), stepped: true });
  const byClass = classes.map((name, index) =>
    line({ label: formatErrorClass(name), data: toXY(points, (p) => p.errors?.[name] ?? 0), color: color(palette, [1, 3, 5, 7, 0][index % 5]!, '#64748b'), stepped: true, thin: true }),
  );
  return { datasets: [total, ...byClass] };
}

/** The x range that fits both the run's seconds and its server samples (and the planned length). */
export function timeAxisMaxS(points: readonly SeriesPoint[], samples: readonly ServerSample[], plannedS: number | undefined): number | undefined {
  const lastPoint = points.at(-1);
  const candidates = [plannedS, lastPoint === undefined ? undefined : lastPoint.tS + 1, samples.at(-1)?.tS].filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return candidates.length === 0 ? undefined : Math.ceil(Math.max(...candidates));
}
