import { drawNoDataBand, drawRowLabels, drawTimeAxis, drawTracks, type DecorScene } from './heatmap-decor';
import { type HeatmapGeometry } from './heatmap-layout';
import { buildColourLut, pixelSpan, rasterizeRows, type TimeWindow } from './heatmap-raster';
import type { HeatmapColumn, HeatmapStore } from './heatmap-store';
import { trackMax } from './heatmap-tracks';

/** What the last paint did, for the `heatmapdraw` event (tests and the benchmark read it). */
export interface PaintReport {
  kind: 'full' | 'incremental' | 'empty';
  /** Time spent in this paint, ms. */
  ms: number;
  columns: number;
  /** The newest sample drawn (house clock), or null. */
  lastT: number | null;
}

interface Block {
  canvas: HTMLCanvasElement;
  image: ImageData;
  rows: number;
  pick: (column: HeatmapColumn) => ArrayLike<number>;
}

/** What the offscreen rasters currently hold. */
interface Drawn {
  store: HeatmapStore;
  window: TimeWindow;
  widthPx: number;
  cpuRows: number;
  extraRows: number;
  columns: number;
  lastT: number;
  gaps: number;
}

const lut = buildColourLut();

/**
 * Draws the heatmap on one canvas. The CPU and GPU/RAM blocks are rasterised into offscreen
 * canvases at one pixel per device pixel of time and one per row, then scaled up by row height
 * with smoothing off. When the time axis has not moved, a new sample repaints only the pixel
 * columns it covers (an incremental update); otherwise both blocks are rebuilt.
 */
export class HeatmapPainter {
  private cpu: Block | null = null;
  private extra: Block | null = null;
  private drawn: Drawn | null = null;
  /** Everything outside the rasters that the last full composite drew from; equal means a strip repaint is enough. */
  private decorKey = '';
  /** Per track line: how many points the last paint drew and the newest one's t. */
  private trackTails: Array<{ count: number; lastT: number }> = [];

  constructor(readonly canvas: HTMLCanvasElement) {}

  paint(scene: DecorScene, geometry: HeatmapGeometry): PaintReport {
    const started = performance.now();
    const ctx = this.prepareCanvas(geometry);
    const store = scene.store;
    const last = store.columns.at(-1);
    if (last === undefined) {
      ctx.clearRect(0, 0, geometry.width, geometry.height);
      this.drawn = null;
      this.decorKey = '';
      return { kind: 'empty', ms: performance.now() - started, columns: 0, lastT: null };
    }
    const widthPx = Math.max(1, Math.round(geometry.plotWidth * this.dpr()));
    const { kind, range } = this.updateRasters(scene, widthPx);
    const decorKey = decorKeyOf(scene, geometry);
    const tracksGrew = this.trackGrowth(scene);
    this.trackTails = tailsOf(scene);
    if (kind === 'incremental' && decorKey === this.decorKey && tracksGrew !== 'changed') {
      const dpr = this.dpr();
      const strip = widen([range[0] / dpr, range[1] / dpr], tracksGrew === null ? null : pixelsOf(tracksGrew, scene.window, geometry));
      this.compositeStrip(ctx, { scene, geometry, range: strip });
    } else {
      ctx.clearRect(0, 0, geometry.width, geometry.height);
      this.composite(ctx, scene, geometry);
    }
    this.decorKey = decorKey;
    return { kind, ms: performance.now() - started, columns: store.columns.length, lastT: last.t };
  }

  private dpr(): number {
    return Math.min(2, window.devicePixelRatio || 1);
  }

  private prepareCanvas(geometry: HeatmapGeometry): CanvasRenderingContext2D {
    const dpr = this.dpr();
    const width = Math.round(geometry.width * dpr);
    const height = Math.round(geometry.height * dpr);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.height = `${geometry.height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas context');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  /** Rebuilds both rasters, or repaints only the pixel columns of samples new since the last paint. */
  private updateRasters(scene: DecorScene, widthPx: number): { kind: 'full' | 'incremental'; range: [number, number] } {
    const store = scene.store;
    const drawn = this.drawn;
    const cpuRows = store.cpuIds.length;
    const extraRows = store.extraRowCount;
    const canAppend =
      drawn !== null &&
      drawn.store === store &&
      drawn.widthPx === widthPx &&
      drawn.cpuRows === cpuRows &&
      drawn.extraRows === extraRows &&
      drawn.gaps === store.gaps.length &&
      sameWindow(drawn.window, scene.window) &&
      store.columns.length >= drawn.columns &&
      store.columns[drawn.columns - 1]?.t === drawn.lastT;
    this.cpu = ensureBlock(this.cpu, { widthPx, rows: cpuRows, pick: (column) => column.busy });
    this.extra = ensureBlock(this.extra, { widthPx, rows: extraRows, pick: (column) => column.extra });
    let range: [number, number] = [0, widthPx];
    if (canAppend) range = newPixels(store.columns.slice(drawn.columns), scene.window, widthPx);
    for (const block of [this.cpu, this.extra]) repaintBlock(block, { columns: store.columns, window: scene.window, widthPx, range });
    const last = store.columns.at(-1)!;
    this.drawn = { store, window: scene.window, widthPx, cpuRows, extraRows, columns: store.columns.length, lastT: last.t, gaps: store.gaps.length };
    return { kind: canAppend ? 'incremental' : 'full', range };
  }

  /**
   * How the track lines changed since the last paint: null (not at all), the time span new
   * points reach (they only grew at the end), or 'changed' (anything else: draw everything).
   */
  private trackGrowth(scene: DecorScene): TimeWindow | null | 'changed' {
    const lines = scene.tracks.flatMap((track) => track.lines);
    if (lines.length !== this.trackTails.length) return 'changed';
    let startT = Number.POSITIVE_INFINITY;
    let endT = Number.NEGATIVE_INFINITY;
    for (const [i, line] of lines.entries()) {
      const tail = this.trackTails[i]!;
      if (line.points.length === tail.count && (line.points.at(-1)?.t ?? 0) === tail.lastT) continue;
      if (line.points.length < tail.count || (tail.count > 0 && line.points[tail.count - 1]?.t !== tail.lastT)) return 'changed';
      startT = Math.min(startT, tail.count > 0 ? tail.lastT : (line.points[0]?.t ?? startT));
      endT = Math.max(endT, line.points.at(-1)?.t ?? endT);
    }
    return endT >= startT ? { startT, endT } : null;
  }

  /**
   * A live update whose axis, rows and track scales did not move: only the pixel columns of the
   * new sample change, so only that strip of the canvas is cleared and drawn again (clipped).
   */
  private compositeStrip(ctx: CanvasRenderingContext2D, args: { scene: DecorScene; geometry: HeatmapGeometry; range: [number, number] }): void {
    const { scene, geometry } = args;
    const x0 = geometry.plotLeft + args.range[0] - 1;
    const x1 = geometry.plotLeft + args.range[1] + 1;
    if (x1 <= x0) return;
    const msPerCssPx = (scene.window.endT - scene.window.startT) / geometry.plotWidth;
    const strip = { startT: scene.window.startT + (x0 - geometry.plotLeft) * msPerCssPx, endT: scene.window.startT + (x1 - geometry.plotLeft) * msPerCssPx };
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, 0, x1 - x0, geometry.height);
    ctx.clip();
    ctx.clearRect(x0, 0, x1 - x0, geometry.height);
    this.composite(ctx, { ...scene, strip }, geometry);
    ctx.restore();
  }

  private composite(ctx: CanvasRenderingContext2D, scene: DecorScene, geometry: HeatmapGeometry): void {
    drawTracks(ctx, geometry, scene);
    drawNoDataBand(ctx, geometry, scene);
    ctx.imageSmoothingEnabled = false;
    if (this.cpu !== null) ctx.drawImage(this.cpu.canvas, geometry.plotLeft, geometry.cpuTop, geometry.plotWidth, geometry.cpuRows * geometry.cpuRowHeight);
    if (this.extra !== null) ctx.drawImage(this.extra.canvas, geometry.plotLeft, geometry.extraTop, geometry.plotWidth, geometry.extraRows * geometry.extraRowHeight);
    drawRowLabels(ctx, geometry, scene);
    drawTimeAxis(ctx, geometry, scene);
  }
}

function tailsOf(scene: DecorScene): Array<{ count: number; lastT: number }> {
  return scene.tracks.flatMap((track) => track.lines.map((line) => ({ count: line.points.length, lastT: line.points.at(-1)?.t ?? 0 })));
}

/** A time span as CSS pixels from the plot's left edge. */
function pixelsOf(span: TimeWindow, window: TimeWindow, geometry: HeatmapGeometry): [number, number] {
  const perMs = geometry.plotWidth / (window.endT - window.startT);
  return [Math.floor((span.startT - window.startT) * perMs), Math.ceil((span.endT - window.startT) * perMs)];
}

/** The smallest range holding both (an empty first range, to ≤ from, counts as nothing). */
function widen(a: [number, number], b: [number, number] | null): [number, number] {
  if (b === null) return a;
  if (a[1] <= a[0]) return b;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

/** Track scales, colours, origin and geometry: when any of these changes the whole canvas is drawn again. */
function decorKeyOf(scene: DecorScene, geometry: HeatmapGeometry): string {
  const scales = scene.tracks.map((track) => `${trackMax(track, 'left')}/${trackMax(track, 'right')}`).join(',');
  return JSON.stringify([scales, scene.originT, scene.colours, scene.window, geometry]);
}

function sameWindow(a: TimeWindow, b: TimeWindow): boolean {
  return a.startT === b.startT && a.endT === b.endT;
}

function ensureBlock(block: Block | null, spec: { widthPx: number; rows: number; pick: Block['pick'] }): Block {
  const rows = Math.max(spec.rows, 1);
  if (block !== null && block.image.width === spec.widthPx && block.image.height === rows) return block;
  const canvas = block?.canvas ?? document.createElement('canvas');
  canvas.width = spec.widthPx;
  canvas.height = rows;
  return { canvas, image: new ImageData(spec.widthPx, rows), rows: spec.rows, pick: spec.pick };
}

/** The pixel columns new samples touch, widened by one on each side for the shared edge pixel. */
function newPixels(columns: readonly HeatmapColumn[], window: TimeWindow, widthPx: number): [number, number] {
  const msPerPx = (window.endT - window.startT) / widthPx;
  let from = widthPx;
  let to = 0;
  for (const column of columns) {
    const [a, b] = pixelSpan(column, window, msPerPx);
    from = Math.min(from, a - 1);
    to = Math.max(to, b + 1);
  }
  return [Math.max(0, from), Math.min(widthPx, to)];
}

function repaintBlock(block: Block, args: { columns: readonly HeatmapColumn[]; window: TimeWindow; widthPx: number; range: [number, number] }): void {
  const [from, to] = args.range;
  if (to <= from || block.rows === 0) return;
  rasterizeRows({ columns: args.columns, pick: block.pick, rowCount: block.rows, window: args.window, widthPx: args.widthPx, pxRange: [from, to] }, lut, block.image.data);
  block.canvas.getContext('2d')?.putImageData(block.image, 0, 0, from, 0, to - from, block.rows);
}
