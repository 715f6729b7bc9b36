import type { ChartData, ChartOptions } from 'chart.js';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';

/** Colours read from the theme; series[i] is the i-th dataset's line. */
export interface ChartPalette {
  text: string;
  grid: string;
  series: string[];
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

function line(label: string, data: XY[], color: string, yAxisID = 'y', dashed = false) {
  return {
    label,
    data,
    yAxisID,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    borderDash: dashed ? [6, 4] : [],
    // Dots while there are few seconds (and so isolated seconds between gaps stay visible).
    pointRadius: data.length <= 120 ? 2 : 0,
    spanGaps: false,
    tension: 0,
  };
}

export function throughputData(points: readonly SeriesPoint[], palette: ChartPalette): LineData {
  return {
    datasets: [
      line('Requests (req/s)', toXY(points, (p) => p.requestsPerS), palette.series[0] ?? '#36c'),
      line('Output tokens (tok/s)', toXY(points, (p) => p.outputTokensPerS), palette.series[1] ?? '#c63', 'y1'),
    ],
  };
}

export function ttftData(points: readonly SeriesPoint[], palette: ChartPalette): LineData {
  return {
    datasets: [
      line('TTFT p50 (ms)', toXY(points, (p) => p.ttftP50Ms), palette.series[2] ?? '#393'),
      line('TTFT p95 (ms)', toXY(points, (p) => p.ttftP95Ms), palette.series[3] ?? '#939', 'y', true),
    ],
  };
}

interface AxisSpec {
  title: string;
  /** A second y axis on the right, for a dataset with a different unit. */
  rightTitle?: string;
}

function axis(title: string, palette: ChartPalette, position: 'left' | 'right', drawGrid: boolean) {
  return {
    type: 'linear' as const,
    position,
    beginAtZero: true,
    title: { display: true, text: title, color: palette.text },
    ticks: { color: palette.text },
    grid: { color: palette.grid, display: drawGrid },
  };
}

export function lineOptions(spec: AxisSpec, palette: ChartPalette): ChartOptions<'line'> {
  const scales: NonNullable<ChartOptions<'line'>['scales']> = {
    x: { ...axis('Elapsed (s)', palette, 'left', true), position: 'bottom', ticks: { color: palette.text, precision: 0 } },
    y: axis(spec.title, palette, 'left', true),
  };
  if (spec.rightTitle) scales.y1 = axis(spec.rightTitle, palette, 'right', false);
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { color: palette.text, boxWidth: 14, boxHeight: 2 } },
      tooltip: { callbacks: { title: (items) => `t = ${items[0]?.parsed.x ?? ''} s` } },
    },
    scales,
  };
}
