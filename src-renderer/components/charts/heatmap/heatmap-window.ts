import type { TimeWindow } from './heatmap-raster';
import type { HeatmapStore } from './heatmap-store';

/** The span the data covers: from the earlier of `originT` and the first sample's start, to the last sample. */
export function dataBounds(store: Pick<HeatmapStore, 'columns'>, originT: number | null): TimeWindow | null {
  const first = store.columns[0];
  const last = store.columns.at(-1);
  if (first === undefined || last === undefined) return null;
  const startT = Math.min(first.t - first.intervalMs, originT ?? Number.POSITIVE_INFINITY);
  return { startT, endT: Math.max(last.t, startT + 1) };
}

const followStepMs = 10_000;

/**
 * The axis of a live view. It starts at the data's start and ends a quarter of the span (at
 * least a minute in all) beyond the newest sample, rounded to 10 s, and stays put until the
 * data reaches its end: most live updates then paint only the new pixel columns.
 */
export function followWindow(bounds: TimeWindow, previous: TimeWindow | null, minSpanMs = 60_000): TimeWindow {
  if (previous !== null && previous.startT === bounds.startT && bounds.endT <= previous.endT) return previous;
  const span = Math.max(minSpanMs, (bounds.endT - bounds.startT) * 1.25);
  // Short planned runs keep a 1 s step, so a 10 s run is drawn on a 10 s axis, not a minute.
  const step = span < 60_000 ? 1_000 : followStepMs;
  return { startT: bounds.startT, endT: bounds.startT + Math.ceil(span / step) * step };
}

/** Shrinks (factor < 1) or widens (factor > 1) a window around `centerT`, kept within `bounds` and at least `minSpanMs` wide. */
export function zoomWindow(window: TimeWindow, options: { factor: number; centerT: number; bounds: TimeWindow; minSpanMs?: number }): TimeWindow {
  const boundsSpan = options.bounds.endT - options.bounds.startT;
  const span = Math.min(boundsSpan, Math.max(options.minSpanMs ?? 5_000, (window.endT - window.startT) * options.factor));
  const ratio = (options.centerT - window.startT) / (window.endT - window.startT);
  return clampWindow({ startT: options.centerT - span * ratio, endT: options.centerT + span * (1 - ratio) }, options.bounds);
}

/** Moves a window by `deltaMs`, never past the data. */
export function panWindow(window: TimeWindow, deltaMs: number, bounds: TimeWindow): TimeWindow {
  return clampWindow({ startT: window.startT + deltaMs, endT: window.endT + deltaMs }, bounds);
}

function clampWindow(window: TimeWindow, bounds: TimeWindow): TimeWindow {
  const span = Math.min(window.endT - window.startT, bounds.endT - bounds.startT);
  const startT = Math.min(Math.max(window.startT, bounds.startT), bounds.endT - span);
  return { startT, endT: startT + span };
}

/** A window from a drag between two instants (either order); null when narrower than `minSpanMs`. */
export function windowFromDrag(aT: number, bT: number, minSpanMs = 2_000): TimeWindow | null {
  const startT = Math.min(aT, bT);
  const endT = Math.max(aT, bT);
  return endT - startT >= minSpanMs ? { startT, endT } : null;
}
