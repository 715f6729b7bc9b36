/**
 * The heatmap's own figures, in Debian's Chromium (never a downloaded browser): the harness in
 * heatmap-harness/ is built with Vite, served on 127.0.0.1 (port 0) and driven with Playwright.
 * heatmap_first_draw_ms: 256 threads × 3,600 samples (+ 8 GPUs, load tracks) from nothing to
 * pixels; heatmap_update_ms: one live sample appended and drawn, over `updates` updates.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'vite';
import type { BenchOptions, BenchResult } from './heatmap-harness/bench-types';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function serveDir(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(dir, new URL(request.url ?? '/', 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dir)) return void response.writeHead(403).end();
    response.setHeader('content-type', types[extname(file)] ?? 'application/octet-stream');
    createReadStream(file)
      .on('error', () => response.writeHead(404).end())
      .pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

export interface HeatmapFigures {
  options: BenchOptions;
  ingestMs: number;
  firstDrawMs: number;
  update: { medianMs: number; p95Ms: number; maxMs: number; full: number; incremental: number };
  canvas: { width: number; height: number };
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export async function measureHeatmap(options: BenchOptions): Promise<HeatmapFigures> {
  const outDir = await mkdtemp(join(tmpdir(), 'llmwb-heatmap-bench-'));
  const root = resolve(import.meta.dirname, 'heatmap-harness');
  await build({ root, base: './', configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const { server, url } = await serveDir(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(url);
    // These callbacks run in the page; this file is typed for Node, hence the globalThis views.
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'ready');
    const result = await page.evaluate((opts) => (globalThis as unknown as { runHeatmapBench(o: BenchOptions): Promise<BenchResult> }).runHeatmapBench(opts), options);
    const sorted = [...result.updateMs].sort((a, b) => a - b);
    return {
      options,
      ingestMs: result.ingestMs,
      firstDrawMs: result.firstDrawMs,
      update: {
        medianMs: quantile(sorted, 0.5),
        p95Ms: quantile(sorted, 0.95),
        maxMs: sorted.at(-1) ?? Number.NaN,
        full: result.updateKinds.filter((kind) => kind === 'full').length,
        incremental: result.updateKinds.filter((kind) => kind === 'incremental').length,
      },
      canvas: result.canvas,
    };
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
    await rm(outDir, { recursive: true, force: true });
  }
}
