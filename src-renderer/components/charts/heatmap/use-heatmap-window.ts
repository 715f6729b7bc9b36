import { useCallback, useRef, useState } from 'react';
import type { TimeWindow } from './heatmap-raster';
import type { HeatmapStore } from './heatmap-store';
import { dataBounds, followWindow, panWindow, windowFromDrag, zoomWindow } from './heatmap-window';

export interface HeatmapWindowState {
  /** The window drawn now; null before the first sample. */
  window: TimeWindow | null;
  bounds: TimeWindow | null;
  isZoomed: boolean;
  zoomBy(factor: number, centerT?: number): void;
  panBy(fraction: number): void;
  zoomTo(aT: number, bT: number): void;
  reset(): void;
}

/**
 * The visible time window: the user's zoom when there is one, else the whole data (a saved
 * run) or a follow window that grows in steps as live samples arrive — spanning the run's
 * planned length from the start when it is known, so a live run is drawn on its final axis.
 */
export function useHeatmapWindow(store: HeatmapStore, options: { originT: number | null; isLive: boolean; plannedSpanMs?: number }): HeatmapWindowState {
  const [zoom, setZoom] = useState<TimeWindow | null>(null);
  const followed = useRef<TimeWindow | null>(null);
  const bounds = dataBounds(store, options.originT);
  let window: TimeWindow | null = null;
  if (bounds !== null) {
    if (options.isLive) followed.current = followWindow(bounds, followed.current, options.plannedSpanMs);
    window = zoom ?? (options.isLive ? followed.current : bounds);
  }
  const current = window;
  const zoomBy = useCallback(
    (factor: number, centerT?: number) => {
      if (current === null || bounds === null) return;
      setZoom(zoomWindow(current, { factor, centerT: centerT ?? (current.startT + current.endT) / 2, bounds: outer(bounds, current) }));
    },
    [current, bounds],
  );
  const panBy = useCallback(
    (fraction: number) => {
      if (current === null || bounds === null) return;
      setZoom(panWindow(current, fraction * (current.endT - current.startT), outer(bounds, current)));
    },
    [current, bounds],
  );
  const zoomTo = useCallback((aT: number, bT: number) => {
    const picked = windowFromDrag(aT, bT);
    if (picked !== null) setZoom(picked);
  }, []);
  const reset = useCallback(() => setZoom(null), []);
  return { window, bounds, isZoomed: zoom !== null, zoomBy, panBy, zoomTo, reset };
}

/** Zooming out may reach as far as the data or the live axis, whichever is wider. */
function outer(bounds: TimeWindow, window: TimeWindow): TimeWindow {
  return { startT: Math.min(bounds.startT, window.startT), endT: Math.max(bounds.endT, window.endT) };
}
