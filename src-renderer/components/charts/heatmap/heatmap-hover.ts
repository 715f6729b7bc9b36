import type { SeriesPoint } from '../../../../src-shared/schemas/run-result';
import { formatMs, formatNumber } from '../../../../src-shared/format/numbers';
import { formatElapsed, regionAt, xToTime, type HeatmapGeometry } from './heatmap-layout';
import type { TimeWindow } from './heatmap-raster';
import { columnAt, type HeatmapColumn, type HeatmapStore } from './heatmap-store';
import { seriesPointAt } from './heatmap-tracks';

/** What the hover card shows: a title, the instant, and label/value rows. */
export interface HoverInfo {
  title: string;
  time: string;
  rows: Array<{ label: string; value: string }>;
}

export interface HoverContext {
  store: HeatmapStore;
  geometry: HeatmapGeometry;
  window: TimeWindow;
  /** Elapsed times are counted from here (the run's t = 0, or the first sample). */
  originT: number;
  series?: readonly SeriesPoint[];
  runStartT: number | null;
}

const pct = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : `${value.toFixed(1)} %`);
const gib = (bytes: number | undefined): string => (bytes === undefined || Number.isNaN(bytes) ? '—' : `${(bytes / 2 ** 30).toFixed(2)} GiB`);

/** The exact values under the pointer; null where there is nothing to say. Pure. */
export function describeHover(context: HoverContext, point: { x: number; y: number }): HoverInfo | null {
  const region = regionAt(context.geometry, point.x, point.y);
  if (region.kind === 'none') return null;
  const t = xToTime(context.geometry, context.window, point.x);
  const time = `t = ${formatElapsed(t - context.originT)}`;
  if (region.kind === 'track') return describeTrack(context, t, time);
  const column = columnAt(context.store.columns, t);
  const title = region.kind === 'cpu' ? `CPU ${context.store.cpuIds[region.row] ?? '?'}` : extraRowLabel(context.store, region.row);
  if (column === undefined) return { title, time, rows: [{ label: 'No sample', value: gapReason(context.store, t) }] };
  const rows = region.kind === 'cpu' ? cpuRows(column, region.row) : extraRows(context.store, column, region.row);
  rows.push({ label: 'Sample', value: `${formatElapsed(column.t - column.intervalMs - context.originT)}–${formatElapsed(column.t - context.originT)} (${Math.round(column.intervalMs)} ms)` });
  return { title, time, rows };
}

function cpuRows(column: HeatmapColumn, row: number): HoverInfo['rows'] {
  const split = column.split;
  return [
    { label: 'Busy', value: pct(column.busy[row]) },
    { label: 'User', value: pct(split[row * 4]) },
    { label: 'System', value: pct(split[row * 4 + 1]) },
    { label: 'I/O wait', value: pct(split[row * 4 + 2]) },
    { label: 'Steal', value: pct(split[row * 4 + 3]) },
  ];
}

/** Labels of the rows under the CPUs: per GPU its utilisation and memory, then RAM. */
export function extraRowLabel(store: Pick<HeatmapStore, 'gpus'>, row: number): string {
  const gpu = store.gpus[Math.floor(row / 2)];
  if (gpu === undefined) return 'RAM used';
  return row % 2 === 0 ? `${gpu.label} util` : `${gpu.label} memory`;
}

/** The same, short enough for the row gutter: `GPU0 util`, `GPU0 mem`, `RAM`. */
export function extraRowShortLabel(store: Pick<HeatmapStore, 'gpus'>, row: number): string {
  const gpu = store.gpus[Math.floor(row / 2)];
  if (gpu === undefined) return 'RAM';
  return `${gpu.label.replace(' ', '')} ${row % 2 === 0 ? 'util' : 'mem'}`;
}

function extraRows(store: HeatmapStore, column: HeatmapColumn, row: number): HoverInfo['rows'] {
  const gpuIndex = Math.floor(row / 2);
  if (gpuIndex >= store.gpus.length) return [{ label: 'RAM used', value: pct(column.extra[row]) }];
  if (row % 2 === 0) return [{ label: 'Utilisation', value: pct(column.extra[row]) }];
  return [
    { label: 'Memory used', value: pct(column.extra[row]) },
    { label: 'Used / total', value: `${gib(column.gpuBytes[gpuIndex * 2])} / ${gib(column.gpuBytes[gpuIndex * 2 + 1])}` },
  ];
}

function gapReason(store: HeatmapStore, t: number): string {
  const gap = store.gaps.find((candidate) => t >= candidate.startT && t <= candidate.endT);
  return gap === undefined ? 'none at this instant' : `gap: ${gap.reason}`;
}

function describeTrack(context: HoverContext, t: number, time: string): HoverInfo | null {
  if (context.series === undefined || context.runStartT === null) return null;
  const point = seriesPointAt(context.series, context.runStartT, t);
  if (point === undefined) return { title: 'Load', time, rows: [{ label: 'No load data', value: 'outside the run' }] };
  return {
    title: `Load, second ${point.tS}`,
    time,
    rows: [
      { label: 'Requests/s', value: formatNumber(point.requestsPerS) },
      { label: 'Output tok/s', value: formatNumber(point.outputTokensPerS) },
      { label: 'TTFT p50', value: formatMs(point.ttftP50Ms) },
      { label: 'TTFT p95', value: formatMs(point.ttftP95Ms) },
      { label: 'In flight', value: String(point.inFlight) },
    ],
  };
}
