import type { TimeWindow } from './heatmap-raster';

/** Where each part of the heatmap sits, in CSS pixels. */
export interface HeatmapGeometry {
  width: number;
  height: number;
  plotLeft: number;
  plotWidth: number;
  /** Line tracks above the heatmap (throughput, TTFT); empty without a run. */
  tracks: Array<{ top: number; height: number }>;
  cpuTop: number;
  cpuRowHeight: number;
  cpuRows: number;
  extraTop: number;
  extraRowHeight: number;
  extraRows: number;
  axisTop: number;
}

const gutterLeft = 76;
const gutterRight = 52;
const trackHeight = 64;
const blockGap = 10;
const extraRowHeight = 14;
const axisHeight = 26;

/** Rows get 2–28 px each: 256 threads fit in ~512 px, a few cores are still easy to point at. */
export function cpuRowHeightFor(rows: number): number {
  return Math.max(2, Math.min(28, Math.floor(480 / Math.max(rows, 1))));
}

/** Lays out tracks, the CPU block, the GPU/RAM block and the time axis, top to bottom. */
export function layoutHeatmap(options: { width: number; cpuRows: number; extraRows: number; trackCount: number }): HeatmapGeometry {
  const tracks = Array.from({ length: options.trackCount }, (_, i) => ({ top: 6 + i * (trackHeight + blockGap), height: trackHeight }));
  const cpuTop = options.trackCount === 0 ? 6 : (tracks.at(-1)?.top ?? 0) + trackHeight + blockGap;
  const cpuRowHeight = cpuRowHeightFor(options.cpuRows);
  const extraTop = cpuTop + options.cpuRows * cpuRowHeight + blockGap;
  const axisTop = extraTop + options.extraRows * extraRowHeight + 4;
  return {
    width: options.width,
    height: axisTop + axisHeight,
    plotLeft: gutterLeft,
    plotWidth: Math.max(40, options.width - gutterLeft - gutterRight),
    tracks,
    cpuTop,
    cpuRowHeight,
    cpuRows: options.cpuRows,
    extraTop,
    extraRowHeight,
    extraRows: options.extraRows,
    axisTop,
  };
}

export function timeToX(geometry: HeatmapGeometry, window: TimeWindow, t: number): number {
  return geometry.plotLeft + ((t - window.startT) / (window.endT - window.startT)) * geometry.plotWidth;
}

export function xToTime(geometry: HeatmapGeometry, window: TimeWindow, x: number): number {
  return window.startT + ((x - geometry.plotLeft) / geometry.plotWidth) * (window.endT - window.startT);
}

/** What lies under a point: a track, a CPU row, an extra (GPU/RAM) row, or nothing. */
export type HeatmapRegion = { kind: 'track'; index: number } | { kind: 'cpu'; row: number } | { kind: 'extra'; row: number } | { kind: 'none' };

export function regionAt(geometry: HeatmapGeometry, x: number, y: number): HeatmapRegion {
  if (x < geometry.plotLeft || x > geometry.plotLeft + geometry.plotWidth) return { kind: 'none' };
  const track = geometry.tracks.findIndex((t) => y >= t.top && y < t.top + t.height);
  if (track >= 0) return { kind: 'track', index: track };
  const cpuRow = Math.floor((y - geometry.cpuTop) / geometry.cpuRowHeight);
  if (cpuRow >= 0 && cpuRow < geometry.cpuRows) return { kind: 'cpu', row: cpuRow };
  const extraRow = Math.floor((y - geometry.extraTop) / geometry.extraRowHeight);
  if (extraRow >= 0 && extraRow < geometry.extraRows) return { kind: 'extra', row: extraRow };
  return { kind: 'none' };
}

const tickStepsS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Elapsed time as m:ss or h:mm:ss. */
export function formatElapsed(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  // Half a second before t = 0 rounds to 0:00, not −0:00.
  const sign = ms < 0 && total > 0 ? '−' : '';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}

/** Ticks at a round step (≥ 90 px apart), labelled as time since `originT`. */
export function timeTicks(window: TimeWindow, plotWidth: number, originT: number): Array<{ t: number; label: string }> {
  const spanS = (window.endT - window.startT) / 1000;
  const stepS = tickStepsS.find((step) => (step / spanS) * plotWidth >= 90) ?? tickStepsS.at(-1)!;
  const stepMs = stepS * 1000;
  const first = originT + Math.ceil((window.startT - originT) / stepMs) * stepMs;
  const ticks: Array<{ t: number; label: string }> = [];
  for (let t = first; t <= window.endT && ticks.length < 200; t += stepMs) ticks.push({ t, label: formatElapsed(t - originT) });
  return ticks;
}
