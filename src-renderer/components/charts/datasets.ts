import type { ChartData, ChartOptions } from 'chart.js';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { StageMarker } from './stage-markers';

/** Colours read from the theme; series[i] is the i-th dataset's line. */
export interface ChartPalette {
  text: string;
  grid: string;
  series: string[];
  /** Stage boundaries and other reference lines. */
  marker?: string;
}

/** `y: null` is a second without a value: Chart.js leaves a gap there instead of drawing through it. */
export interface XY {
  x: number;
  y: number | null;
}

export type LineData = ChartData<'line', XY[]>;

/**
 * Pure builders: per-second series → Chart.js datasets. Points come out sorted by x and
 * already in {x, y} form, because the charts run with `parsing: false` and `normalized: true`.
 * A second without a value (no first token arrived in it) becomes a gap, not a 0 and not a line
 * drawn across it as if the latency had been measured there.
 */
export function toXY(points: readonly SeriesPoint[], pick: (point: SeriesPoint) => number | null): XY[] {
  return points.map((point) => {
    const y = pick(point);
    return { x: point.tS, y: y !== null && Number.isFinite(y) ? y : null };
  });
}

export interface LineSpec {
  label: string;
  data: XY[];
  color: string;
  /** 'y1' puts the dataset on the right-hand axis. */
  yAxisID?: 'y' | 'y1';
  dashed?: boolean;
  /** Draw as steps (a count that holds until the next sample) rather than slopes. */
  stepped?: boolean;
  /** Thinner, for a reference line (a ceiling such as the slot count). */
  thin?: boolean;
}

export function line({ label, data, color, yAxisID = 'y', dashed = false, stepped = false, thin = false }: LineSpec) {
  return {
    label,
    data,
    yAxisID,
    borderColor: color,
    backgroundColor: color,
    borderWidth: thin ? 1.5 : 2,
    borderDash: dashed ? [6, 4] : [],
    // Dots while there are few seconds (and so isolated seconds between gaps stay visible).
    pointRadius: data.length <= 120 && !thin ? 2 : 0,
    spanGaps: false,
    stepped: stepped ? ('before' as const) : false,
    tension: 0,
  };
}

interface AxisSpec {
  title: string;
  /** The x axis title; elapsed seconds unless said. */
  xTitle?: string;
  /** A second y axis on the right, for a dataset with a different unit. */
  rightTitle?: string;
  /** Fixed x range (seconds), so charts of one run share one time axis. */
  xMaxS?: number;
  /** Fixed top of the left axis (100 for percentages). */
  yMax?: number;
  /** Stage starts drawn as labelled dashed lines. */
  markers?: readonly StageMarker[];
}

/** A linear axis; only the left one draws grid lines, so two y axes do not make a double grid. */
function axis(title: string, palette: ChartPalette, position: 'left' | 'right') {
  return {
    type: 'linear' as const,
    position,
    beginAtZero: true,
    title: { display: true, text: title, color: palette.text },
    ticks: { color: palette.text },
    grid: { color: palette.grid, display: position === 'left' },
  };
}

export function lineOptions(spec: AxisSpec, palette: ChartPalette): ChartOptions<'line'> {
  const scales: NonNullable<ChartOptions<'line'>['scales']> = {
    x: { ...axis(spec.xTitle ?? 'Elapsed (s)', palette, 'left'), position: 'bottom', ticks: { color: palette.text, precision: 0 }, ...(spec.xMaxS === undefined ? {} : { min: 0, max: spec.xMaxS }) },
    y: { ...axis(spec.title, palette, 'left'), ...(spec.yMax === undefined ? {} : { max: spec.yMax }) },
  };
  if (spec.rightTitle) scales.y1 = axis(spec.rightTitle, palette, 'right');
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { color: palette.text, boxWidth: 14, boxHeight: 2 } },
      tooltip: { callbacks: { title: (items) => `t = ${formatSeconds(items[0]?.parsed.x)} s` } },
      // Long runs: Chart.js keeps the min and max of each pixel column instead of every point.
      decimation: { enabled: true, algorithm: 'min-max' },
      stageMarkers: spec.markers && spec.markers.length > 0 ? { markers: spec.markers, lineColor: palette.marker ?? palette.grid, textColor: palette.text } : false,
    },
    scales,
  };
}

function formatSeconds(value: number | null | undefined): string {
  if (typeof value !== 'number') return '';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
