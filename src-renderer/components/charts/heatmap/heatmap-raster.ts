import { lowerBound, type HeatmapColumn } from './heatmap-store';

/** A time window on the house clock, end exclusive. */
export interface TimeWindow {
  startT: number;
  endT: number;
}

/** Colour stops from 0 % to 100 % busy: cool and quiet when idle, hot when saturated. */
export const busyColourStops: ReadonlyArray<readonly [number, readonly [number, number, number]]> = [
  [0, [30, 41, 59]],
  [15, [30, 64, 175]],
  [40, [13, 148, 136]],
  [65, [234, 179, 8]],
  [85, [234, 88, 12]],
  [100, [220, 38, 38]],
];

/** Steps per percent in the lookup table (0.1 % resolution, as the frames carry). */
export const lutStepsPerPct = 10;

/** RGBA for 0.0 … 100.0 % in 0.1 % steps, interpolated between the stops. */
export function buildColourLut(stops = busyColourStops): Uint8ClampedArray {
  const size = 100 * lutStepsPerPct + 1;
  const lut = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i += 1) {
    const pct = i / lutStepsPerPct;
    const upper = stops.findIndex(([at]) => at >= pct);
    const [hiAt, hi] = stops[Math.max(upper, 0)] ?? stops[stops.length - 1]!;
    const [loAt, lo] = stops[Math.max(upper - 1, 0)] ?? stops[0]!;
    const f = hiAt === loAt ? 0 : (pct - loAt) / (hiAt - loAt);
    for (let c = 0; c < 3; c += 1) lut[i * 4 + c] = Math.round(lo[c]! + (hi[c]! - lo[c]!) * f);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/** Which pixel columns, [from, to), a sample covering (t − interval, t] paints at `msPerPx`. */
export function pixelSpan(column: Pick<HeatmapColumn, 't' | 'intervalMs'>, window: TimeWindow, msPerPx: number): [number, number] {
  // Edges are rounded, not floored/ceiled: back-to-back samples then tile the pixels without overlap.
  const from = Math.round((column.t - column.intervalMs - window.startT) / msPerPx);
  const to = Math.round((column.t - window.startT) / msPerPx);
  if (to > from) return [from, to];
  // A sample narrower than a pixel still lands in the pixel that holds its midpoint.
  const mid = Math.floor((column.t - column.intervalMs / 2 - window.startT) / msPerPx);
  return [mid, mid + 1];
}

export interface RasterOptions {
  columns: readonly HeatmapColumn[];
  /** Which array of a column holds the rows, and its stride (1 = one value per row). */
  pick: (column: HeatmapColumn) => ArrayLike<number>;
  rowCount: number;
  window: TimeWindow;
  widthPx: number;
  /** Only repaint pixel columns [from, to); default all. */
  pxRange?: readonly [number, number];
}

/**
 * Paints rows × pixel-columns into `out` (RGBA, row-major, `widthPx` wide) for a time window.
 * Where several samples fall into one pixel the highest value wins, so a one-second spike on
 * one core stays visible in an hour-wide view; where none does, the pixel stays transparent
 * (a gap is drawn as a hole, never filled in). Pure apart from writing `out`; returns it.
 */
export function rasterizeRows(options: RasterOptions, lut: Uint8ClampedArray, out: Uint8ClampedArray): Uint8ClampedArray {
  const { rowCount, widthPx, window } = options;
  const [pxFrom, pxTo] = options.pxRange ?? [0, widthPx];
  const peak = new Float32Array(rowCount * (pxTo - pxFrom)).fill(-1);
  const span = pxTo - pxFrom;
  const msPerPx = (window.endT - window.startT) / widthPx;
  const fromT = window.startT + pxFrom * msPerPx;
  const toT = window.startT + pxTo * msPerPx;
  for (let i = lowerBound(options.columns, fromT); i < options.columns.length; i += 1) {
    const column = options.columns[i]!;
    if (column.t <= fromT || column.t - column.intervalMs >= toT) continue;
    const [a, b] = pixelSpan(column, window, msPerPx);
    const lo = Math.max(a, pxFrom) - pxFrom;
    const hi = Math.min(b, pxTo) - pxFrom;
    if (hi <= lo) continue;
    const values = options.pick(column);
    for (let row = 0; row < rowCount; row += 1) {
      const value = values[row] ?? Number.NaN;
      if (!(value >= 0)) continue;
      const base = row * span;
      for (let px = lo; px < hi; px += 1) if (value > peak[base + px]!) peak[base + px] = value;
    }
  }
  colourise({ peak, rowCount, span, pxFrom, widthPx }, lut, out);
  return out;
}

function colourise(grid: { peak: Float32Array; rowCount: number; span: number; pxFrom: number; widthPx: number }, lut: Uint8ClampedArray, out: Uint8ClampedArray): void {
  const maxIndex = lut.length / 4 - 1;
  for (let row = 0; row < grid.rowCount; row += 1) {
    for (let px = 0; px < grid.span; px += 1) {
      const value = grid.peak[row * grid.span + px]!;
      const o = (row * grid.widthPx + grid.pxFrom + px) * 4;
      if (value < 0) {
        out[o + 3] = 0;
        continue;
      }
      const l = Math.min(maxIndex, Math.round(value * lutStepsPerPct)) * 4;
      out[o] = lut[l]!;
      out[o + 1] = lut[l + 1]!;
      out[o + 2] = lut[l + 2]!;
      out[o + 3] = 255;
    }
  }
}
