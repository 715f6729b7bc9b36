import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { SeriesPoint } from '../../../../src-shared/schemas/run-result';
import { useChartPalette } from '../palette';
import { describeHover, type HoverContext, type HoverInfo } from './heatmap-hover';
import { formatElapsed, layoutHeatmap, xToTime, type HeatmapGeometry } from './heatmap-layout';
import { HeatmapLegend } from './heatmap-legend';
import type { HeatmapStore } from './heatmap-store';
import { runTracks } from './heatmap-tracks';
import { useElementWidth, useHeatmapColours } from './use-heatmap-env';
import { useHeatmapPaint } from './use-heatmap-paint';
import { useHeatmapWindow, type HeatmapWindowState } from './use-heatmap-window';

export interface TelemetryHeatmapProps {
  store: HeatmapStore;
  /** Changes whenever the store does (it is mutated in place). */
  version: number;
  /** The run's per-second series, drawn as tracks above the heatmap on the same axis. */
  series?: readonly SeriesPoint[];
  /** The run's t = 0 on the house clock; elapsed times count from here. */
  runStartT: number | null;
  isLive: boolean;
  /** How long the run is planned to last: the live axis spans it from the start. */
  plannedSpanMs?: number;
  testId: string;
  emptyText: string;
}

/**
 * Cores down the side, time across, colour = busy %; GPU utilisation, GPU memory and RAM rows
 * under them; the run's throughput and TTFT above on the same time axis. Hover for exact
 * values, drag across to zoom to a time window. Drawn on one canvas (see HeatmapPainter); each
 * paint dispatches a `heatmapdraw` event on the canvas with what it drew and how long it took.
 */
export function TelemetryHeatmap(props: TelemetryHeatmapProps) {
  const { store, version, series, runStartT, isLive } = props;
  const [wrapperRef, width] = useElementWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const palette = useChartPalette();
  const colours = useHeatmapColours();
  const tracks = useMemo(() => (series !== undefined && runStartT !== null ? runTracks(series, runStartT, palette.series) : []), [series, runStartT, palette]);
  const view = useHeatmapWindow(store, { originT: runStartT, isLive, ...(props.plannedSpanMs === undefined ? {} : { plannedSpanMs: props.plannedSpanMs }) });
  const cpuRows = store.cpuIds.length;
  const extraRows = store.extraRowCount;
  const geometry = useMemo(() => layoutHeatmap({ width, cpuRows, extraRows, trackCount: tracks.length }), [width, cpuRows, extraRows, tracks.length]);
  const originT = runStartT ?? view.bounds?.startT ?? 0;
  useHeatmapPaint(canvasRef, { store, version, tracks, window: view.window, originT, colours, geometry });

  if (store.columns.length === 0) {
    return (
      <figure className="heatmap-card heatmap-empty" data-testid={props.testId} data-cpu-rows={0} data-columns={0}>
        <p className="muted">{props.emptyText}</p>
      </figure>
    );
  }
  const label = `Per-core busy heatmap: ${cpuRows} CPUs, ${store.gpus.length} GPUs, ${store.columns.length} samples. Press + or − to zoom, arrows to pan, 0 to reset.`;
  return (
    <figure
      className="heatmap-card"
      data-testid={props.testId}
      data-cpu-rows={cpuRows}
      data-extra-rows={extraRows}
      data-columns={store.columns.length}
      data-zoomed={view.isZoomed}
      data-cpu-block={`${geometry.cpuTop} ${geometry.cpuTop + geometry.cpuRows * geometry.cpuRowHeight}`}
    >
      <HeatmapToolbar view={view} originT={originT} isLive={isLive} />
      <div className="heatmap-canvas-wrap" ref={wrapperRef}>
        <HeatmapSurface canvasRef={canvasRef} geometry={geometry} view={view} hover={{ store, originT, series, runStartT }} label={label} />
      </div>
      <HeatmapLegend />
    </figure>
  );
}

interface Pointer {
  x: number;
  y: number;
  info: HoverInfo | null;
}

interface SurfaceProps {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  geometry: HeatmapGeometry;
  view: HeatmapWindowState;
  hover: Omit<HoverContext, 'geometry' | 'window'>;
  label: string;
}

/** The canvas and what floats over it: the hover card and the band of a drag-to-zoom. */
function HeatmapSurface({ canvasRef, geometry, view, hover, label }: SurfaceProps) {
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const [dragFromX, setDragFromX] = useState<number | null>(null);
  const window = view.window;
  const at = (event: PointerEvent<HTMLCanvasElement>): Pointer => {
    const rect = event.currentTarget.getBoundingClientRect();
    const point = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    return { ...point, info: window === null ? null : describeHover({ ...hover, geometry, window }, point) };
  };
  const endDrag = (event: PointerEvent<HTMLCanvasElement>) => {
    if (dragFromX !== null && window !== null) view.zoomTo(xToTime(geometry, window, dragFromX), xToTime(geometry, window, at(event).x));
    setDragFromX(null);
  };
  return (
    <>
      <canvas
        ref={canvasRef}
        className="heatmap-canvas"
        style={{ width: '100%', height: geometry.height }}
        tabIndex={0}
        role="img"
        aria-label={label}
        onKeyDown={(event) => onHeatmapKey(event, view)}
        onPointerMove={(event) => setPointer(at(event))}
        onPointerLeave={() => (setPointer(null), setDragFromX(null))}
        onPointerDown={(event) => {
          // Keep the drag on the canvas: no text selection, and the release is ours even outside it.
          event.preventDefault();
          event.currentTarget.setPointerCapture(event.pointerId);
          setDragFromX(at(event).x);
        }}
        onPointerUp={endDrag}
      />
      {dragFromX !== null && pointer !== null && <DragBand fromX={dragFromX} toX={pointer.x} geometry={geometry} />}
      {pointer?.info && dragFromX === null && <HoverCard pointer={pointer} info={pointer.info} width={geometry.width} />}
    </>
  );
}

function onHeatmapKey(event: KeyboardEvent<HTMLCanvasElement>, view: HeatmapWindowState): void {
  const actions: Record<string, () => void> = {
    '+': () => view.zoomBy(0.5),
    '=': () => view.zoomBy(0.5),
    '-': () => view.zoomBy(2),
    ArrowLeft: () => view.panBy(-0.25),
    ArrowRight: () => view.panBy(0.25),
    '0': () => view.reset(),
    Escape: () => view.reset(),
  };
  const action = actions[event.key];
  if (action === undefined) return;
  event.preventDefault();
  action();
}

function HeatmapToolbar({ view, originT, isLive }: { view: HeatmapWindowState; originT: number; isLive: boolean }) {
  const shown = view.window === null ? '' : `${formatElapsed(view.window.startT - originT)} – ${formatElapsed(view.window.endT - originT)}`;
  return (
    <div className="heatmap-toolbar">
      <span className="small muted" data-testid="heatmap-window">
        {view.isZoomed ? `Zoomed to ${shown}` : isLive ? `Live · ${shown}` : `Whole span · ${shown}`}
      </span>
      <span className="small muted heatmap-hint">Drag across the chart to zoom into a time window</span>
      <div className="heatmap-buttons" role="group" aria-label="Zoom">
        <button type="button" className="button button-small" onClick={() => view.zoomBy(0.5)} data-testid="heatmap-zoom-in">
          Zoom in
        </button>
        <button type="button" className="button button-small" onClick={() => view.zoomBy(2)} disabled={!view.isZoomed}>
          Zoom out
        </button>
        <button type="button" className="button button-small" onClick={view.reset} disabled={!view.isZoomed} data-testid="heatmap-reset">
          {isLive ? 'Follow live' : 'Whole run'}
        </button>
      </div>
    </div>
  );
}

function DragBand({ fromX, toX, geometry }: { fromX: number; toX: number; geometry: HeatmapGeometry }) {
  const left = Math.max(geometry.plotLeft, Math.min(fromX, toX));
  const right = Math.min(geometry.plotLeft + geometry.plotWidth, Math.max(fromX, toX));
  return <div className="heatmap-drag" style={{ left, width: Math.max(0, right - left), height: geometry.axisTop }} />;
}

function HoverCard({ pointer, info, width }: { pointer: Pointer; info: HoverInfo; width: number }) {
  // Flip to the left of the pointer near the right edge so the card never leaves the chart.
  const style = pointer.x > width - 240 ? { right: width - pointer.x + 14, top: pointer.y + 14 } : { left: pointer.x + 14, top: pointer.y + 14 };
  return (
    <div className="heatmap-hover" style={style} role="status" data-testid="heatmap-hover">
      <div className="heatmap-hover-title">
        <strong>{info.title}</strong> <span className="muted">{info.time}</span>
      </div>
      <dl>
        {info.rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
