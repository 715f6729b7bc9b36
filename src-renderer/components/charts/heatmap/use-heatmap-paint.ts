import { useEffect, useRef, type RefObject } from 'react';
import type { DecorScene } from './heatmap-decor';
import type { HeatmapGeometry } from './heatmap-layout';
import { HeatmapPainter } from './heatmap-painter';
import type { TimeWindow } from './heatmap-raster';

/** What `heatmapdraw` events carry: the paint report plus when it finished (house clock of this page). */
export interface HeatmapDrawDetail {
  kind: 'full' | 'incremental' | 'empty';
  ms: number;
  columns: number;
  lastT: number | null;
  drawnAt: number;
}

/**
 * Paints on the next animation frame whenever the scene changes (a new sample bumps `version`),
 * then dispatches `heatmapdraw` on the canvas so tests and the benchmark can see what was drawn.
 */
export function useHeatmapPaint(canvasRef: RefObject<HTMLCanvasElement | null>, scene: Omit<DecorScene, 'window'> & { window: TimeWindow | null; version: number; geometry: HeatmapGeometry }): void {
  const painter = useRef<HeatmapPainter | null>(null);
  const { store, version, tracks, window, originT, colours, geometry } = scene;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null || window === null || geometry.width === 0) return;
    const frame = requestAnimationFrame(() => {
      // The canvas is a new element after an empty state or a remount: paint on the one shown now.
      if (painter.current?.canvas !== canvas) painter.current = new HeatmapPainter(canvas);
      const report = painter.current.paint({ store, tracks, window, originT, colours }, geometry);
      const detail: HeatmapDrawDetail = { ...report, drawnAt: performance.timeOrigin + performance.now() };
      canvas.dataset.lastT = String(report.lastT ?? '');
      canvas.dispatchEvent(new CustomEvent('heatmapdraw', { detail }));
    });
    return () => cancelAnimationFrame(frame);
  }, [canvasRef, store, version, tracks, window, originT, colours, geometry]);
}
