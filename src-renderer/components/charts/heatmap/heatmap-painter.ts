import { drawNoDataBand, drawRowLabels, drawTimeAxis, drawTracks, type DecorScene } from './heatmap-decor';
import { type HeatmapGeometry } from './heatmap-layout';
import { buildColourLut, pixelSpan, rasterizeRows, type TimeWindow } from './heatmap-raster';
import type { HeatmapColumn, HeatmapStore } from './heatmap-store';

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

  constructor(private readonly canvas: HTMLCanvasElement) {}

  paint(scene: DecorScene, geometry: HeatmapGeometry): PaintReport {
    const started = performance.now();
    const ctx = this.prepareCanvas(geometry);
    const store = scene.store;
    const last = store.columns.at(-1);
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    if (last === undefined) {
      this.drawn = null;
      return { kind: 'empty', ms: performance.now() - started, columns: 0, lastT: null };
    }
    const widthPx = Math.max(1, Math.round(geometry.plotWidth * this.dpr()));
    const kind = this.updateRasters(scene, widthPx);
    this.composite(ctx, scene, geometry);
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
  private updateRasters(scene: DecorScene, widthPx: number): 'full' | 'incremental' {
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
    return canAppend ? 'incremental' : 'full';
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
