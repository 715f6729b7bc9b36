import { formatNumber } from '../../../../src-shared/format/numbers';
import { extraRowShortLabel } from './heatmap-hover';
import { timeTicks, timeToX, type HeatmapGeometry } from './heatmap-layout';
import type { TimeWindow } from './heatmap-raster';
import type { HeatmapStore } from './heatmap-store';
import { decimateLine, pointsNear, trackMax, type TrackSpec } from './heatmap-tracks';

/** Theme colours the canvas draws with (read from the page's CSS variables). */
export interface HeatmapColours {
  text: string;
  grid: string;
  surface: string;
  noData: string;
  selection: string;
}

/** What one paint draws around the rasters. */
export interface DecorScene {
  store: HeatmapStore;
  tracks: readonly TrackSpec[];
  window: TimeWindow;
  originT: number;
  colours: HeatmapColours;
  /** Only this span is being repainted (a live update): lines are cut to the points that reach it. */
  strip?: TimeWindow;
}

/** Row labels at the left: every CPU when rows are tall enough, else every k-th; GPU and RAM rows always. */
export function drawRowLabels(ctx: CanvasRenderingContext2D, geometry: HeatmapGeometry, scene: DecorScene): void {
  ctx.fillStyle = scene.colours.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.font = '11px system-ui, sans-serif';
  const every = Math.max(1, Math.ceil(12 / geometry.cpuRowHeight));
  const step = [1, 2, 4, 8, 16, 32, 64].find((s) => s >= every) ?? 64;
  scene.store.cpuIds.forEach((id, row) => {
    if (row % step === 0) ctx.fillText(`cpu${id}`, geometry.plotLeft - 8, geometry.cpuTop + (row + 0.5) * geometry.cpuRowHeight);
  });
  for (let row = 0; row < geometry.extraRows; row += 1) {
    ctx.fillText(extraRowShortLabel(scene.store, row), geometry.plotLeft - 8, geometry.extraTop + (row + 0.5) * geometry.extraRowHeight);
  }
}

/** Hatched "no data" band between the first and last sample, shown through the holes the rasters leave. */
export function drawNoDataBand(ctx: CanvasRenderingContext2D, geometry: HeatmapGeometry, scene: DecorScene): void {
  const first = scene.store.columns[0];
  const last = scene.store.columns.at(-1);
  if (first === undefined || last === undefined) return;
  const x0 = Math.max(geometry.plotLeft, timeToX(geometry, scene.window, first.t - first.intervalMs));
  const x1 = Math.min(geometry.plotLeft + geometry.plotWidth, timeToX(geometry, scene.window, last.t));
  if (x1 <= x0) return;
  ctx.save();
  ctx.fillStyle = scene.colours.noData;
  ctx.fillRect(x0, geometry.cpuTop, x1 - x0, geometry.cpuRows * geometry.cpuRowHeight);
  ctx.fillRect(x0, geometry.extraTop, x1 - x0, geometry.extraRows * geometry.extraRowHeight);
  ctx.restore();
}

/** The time axis: ticks labelled as elapsed time, with faint guide lines through every block. */
export function drawTimeAxis(ctx: CanvasRenderingContext2D, geometry: HeatmapGeometry, scene: DecorScene): void {
  ctx.fillStyle = scene.colours.text;
  ctx.strokeStyle = scene.colours.grid;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (const tick of timeTicks(scene.window, geometry.plotWidth, scene.originT)) {
    const x = Math.round(timeToX(geometry, scene.window, tick.t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, geometry.axisTop);
    ctx.lineTo(x, geometry.axisTop + 5);
    ctx.stroke();
    ctx.fillText(tick.label, x, geometry.axisTop + 7);
    for (const track of geometry.tracks) {
      ctx.beginPath();
      ctx.moveTo(x, track.top);
      ctx.lineTo(x, track.top + track.height);
      ctx.stroke();
    }
  }
}

/** The load tracks: each line on its own axis (left or right), with the axis maximum written at the top. */
export function drawTracks(ctx: CanvasRenderingContext2D, geometry: HeatmapGeometry, scene: DecorScene): void {
  scene.tracks.forEach((track, index) => {
    const box = geometry.tracks[index];
    if (box === undefined) return;
    const maxLeft = trackMax(track, 'left');
    const maxRight = trackMax(track, 'right');
    ctx.strokeStyle = scene.colours.grid;
    ctx.strokeRect(geometry.plotLeft + 0.5, box.top + 0.5, geometry.plotWidth - 1, box.height - 1);
    ctx.fillStyle = scene.colours.text;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'right';
    ctx.fillText(track.title, geometry.plotLeft - 8, box.top + 2);
    ctx.fillText(`${formatNumber(maxLeft)} ${track.leftUnit}`, geometry.plotLeft - 8, box.top + 16);
    if (track.rightUnit !== undefined) {
      ctx.textAlign = 'left';
      ctx.fillText(`${formatNumber(maxRight)}`, geometry.plotLeft + geometry.plotWidth + 6, box.top + 2);
      ctx.fillText(track.rightUnit, geometry.plotLeft + geometry.plotWidth + 6, box.top + 16);
    }
    for (const line of track.lines) drawLine(ctx, { geometry, scene, box, line, max: line.scale === 'left' ? maxLeft : maxRight });
    drawTrackLegend(ctx, { left: geometry.plotLeft + 8, top: box.top + 6 }, { track, colours: scene.colours });
  });
}

/** Which line is which, inside the track's top-left corner, on a backing so lines do not cross the text. */
function drawTrackLegend(ctx: CanvasRenderingContext2D, at: { left: number; top: number }, args: { track: TrackSpec; colours: HeatmapColours }): void {
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let x = at.left;
  for (const line of args.track.lines) {
    const label = line.scale === 'right' ? `${line.label} (right axis)` : line.label;
    const width = 22 + ctx.measureText(label).width;
    ctx.fillStyle = args.colours.surface;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(x - 3, at.top - 7, width + 6, 14);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = line.colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, at.top);
    ctx.lineTo(x + 16, at.top);
    ctx.stroke();
    ctx.fillStyle = args.colours.text;
    ctx.fillText(label, x + 20, at.top);
    x += width + 14;
  }
}

function drawLine(ctx: CanvasRenderingContext2D, args: { geometry: HeatmapGeometry; scene: DecorScene; box: { top: number; height: number }; line: TrackSpec['lines'][number]; max: number }): void {
  const { geometry, scene, box, line, max } = args;
  ctx.save();
  ctx.beginPath();
  ctx.rect(geometry.plotLeft, box.top, geometry.plotWidth, box.height);
  ctx.clip();
  ctx.strokeStyle = line.colour;
  // One pixel, not 1.5: Skia strokes hairlines on a fast path (an hour of seconds took ~40 ms at 1.5 px, ~3 ms at 1 px).
  ctx.lineWidth = 1;
  ctx.beginPath();
  let isDrawing = false;
  // Buckets are counted from the window's start either way, so a strip repaints exactly what a full paint drew there.
  const msPerPx = (scene.window.endT - scene.window.startT) / geometry.plotWidth;
  const points = scene.strip === undefined ? line.points : pointsNear(line.points, scene.strip.startT - 2 * msPerPx, scene.strip.endT + 2 * msPerPx);
  for (const point of decimateLine(points, scene.window, geometry.plotWidth)) {
    if (point.v === null) {
      isDrawing = false;
      continue;
    }
    const x = timeToX(geometry, scene.window, point.t);
    const y = box.top + box.height - 3 - (point.v / max) * (box.height - 8);
    if (isDrawing) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    isDrawing = true;
  }
  ctx.stroke();
  ctx.restore();
}
