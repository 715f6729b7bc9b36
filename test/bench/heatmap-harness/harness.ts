/**
 * Runs in Chromium (test/bench/heatmap-bench.ts opens it): draws the product's heatmap painter
 * over synthetic telemetry — 256 threads × 3,600 one-second samples with 8 GPUs and the load
 * tracks — then appends samples one at a time as a live run would. Every paint is followed by a
 * 1-pixel read-back so the canvas work is really done before the clock stops. The telemetry is
 * generated (a per-core pattern with noise from a seeded xorshift); the timings are measured.
 */
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { TelemetryFrame } from '../../../src-shared/schemas/telemetry-frame';
import type { HeatmapColours } from '../../../src-renderer/components/charts/heatmap/heatmap-decor';
import { layoutHeatmap } from '../../../src-renderer/components/charts/heatmap/heatmap-layout';
import { HeatmapPainter } from '../../../src-renderer/components/charts/heatmap/heatmap-painter';
import { HeatmapStore } from '../../../src-renderer/components/charts/heatmap/heatmap-store';
import { runTracks } from '../../../src-renderer/components/charts/heatmap/heatmap-tracks';
import { dataBounds, followWindow } from '../../../src-renderer/components/charts/heatmap/heatmap-window';
import type { BenchOptions, BenchResult } from './bench-types';

const colours: HeatmapColours = { text: '#5b6270', grid: '#e6e9ed', surface: '#ffffff', noData: '#dfe3e8', selection: '#e8effd' };
const t0 = 1_700_000_000_000;

function xorshift(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

function frameAt(i: number, options: BenchOptions, random: () => number): TelemetryFrame {
  const cpuIds = Array.from({ length: options.cpus }, (_, id) => id);
  // A few hot cores, a slow wave across the rest, and noise: enough structure to be a fair picture.
  const busy = cpuIds.map((id) => Math.min(100, Math.max(0, (id % 32 === 0 ? 95 : 35 + 30 * Math.sin(i / 60 + id / 9)) + (random() - 0.5) * 20)));
  const gpus = Array.from({ length: options.gpus }, (_, g) => ({ id: `GPU-${g}`, index: g, name: 'synthetic', utilPct: 50 + 45 * Math.sin(i / 30 + g), memUsedPct: 60, memUsedBytes: 48e9, memTotalBytes: 80e9 }));
  return { t: t0 + (i + 1) * 1000, intervalMs: 1000, cpuIds, busy, user: busy.map((b) => b * 0.8), system: busy.map((b) => b * 0.2), iowait: busy.map(() => 0), steal: busy.map(() => 0), memUsedPct: 40, gpus };
}

function seriesOf(seconds: number, random: () => number): SeriesPoint[] {
  return Array.from({ length: seconds }, (_, tS) => ({
    tS, completed: 10, failed: 0, outputTokens: 1280, requestsPerS: 10 + random(), outputTokensPerS: 1280 + 100 * random(),
    ttftP50Ms: 80 + 20 * random(), ttftP95Ms: 150 + 50 * random(), itlP50Ms: 3, e2eP50Ms: 500, inFlight: 8,
  }));
}

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function run(options: BenchOptions): Promise<BenchResult> {
  const canvas = document.getElementById('heatmap') as HTMLCanvasElement;
  const random = xorshift(42);
  const store = new HeatmapStore();
  const ingestStart = performance.now();
  for (let i = 0; i < options.samples; i += 1) store.add(frameAt(i, options, random));
  const ingestMs = performance.now() - ingestStart;
  const geometry = layoutHeatmap({ width: options.width, cpuRows: options.cpus, extraRows: store.extraRowCount, trackCount: 2 });
  const painter = new HeatmapPainter(canvas);
  const flush = (): void => void canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
  let series = seriesOf(options.samples, random);
  let window = followWindow(dataBounds(store, t0)!, null);
  await nextFrame();
  const firstStart = performance.now();
  painter.paint({ store, tracks: runTracks(series, t0, ['#2563eb', '#d97706', '#059669', '#9333ea']), window, originT: t0, colours }, geometry);
  flush();
  const firstDrawMs = performance.now() - firstStart;
  const updateMs: number[] = [];
  const updateKinds: string[] = [];
  for (let k = 0; k < options.updates; k += 1) {
    await nextFrame();
    const start = performance.now();
    store.add(frameAt(options.samples + k, options, random));
    series = [...series, ...seriesOf(1, random).map((point) => ({ ...point, tS: series.length }))];
    window = followWindow(dataBounds(store, t0)!, window);
    const report = painter.paint({ store, tracks: runTracks(series, t0, ['#2563eb', '#d97706', '#059669', '#9333ea']), window, originT: t0, colours }, geometry);
    flush();
    updateMs.push(performance.now() - start);
    updateKinds.push(report.kind);
  }
  return { ingestMs, firstDrawMs, updateMs, updateKinds, canvas: { width: canvas.width, height: canvas.height } };
}

(window as unknown as { runHeatmapBench: typeof run }).runHeatmapBench = run;
document.title = 'ready';
