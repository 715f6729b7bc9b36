/**
 * sample_to_ui_ms: from the instant the host read a sample to the instant the UI had it drawn.
 * The real path end to end — the sampler loop on a host behind a real OpenSSH server on
 * loopback, the core's TelemetrySession, the event bus, browser mode's WebSocket, the renderer's
 * event binding, React and the heatmap painter in Debian's Chromium. Each sample's `t` is the
 * core's house clock of the host's reading; the page reports `drawnAt` on its own house clock
 * (performance.timeOrigin + now) in the `heatmapdraw` event. Both clocks read this machine's
 * clock, so their difference is the latency.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createNodeCore } from '../../src-main/cli/node-core';
import { knownHostsPath } from '../../src-main/core/host-service/host-service';
import { startBrowserServer } from '../../src-main/serve/browser-server';
import { disposeSshd, startSshd } from '../support/sshd';
import { launchChromium } from './heatmap-bench';

const repoRoot = resolve(import.meta.dirname, '../..');

interface Draw {
  lastT: number | null;
  drawnAt: number;
}

interface PageGlobals {
  draws: Draw[];
  document: { addEventListener(name: string, listener: (event: { detail: Draw }) => void, capture: boolean): void };
}

export interface SampleToUiFigures {
  samples: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** Streams telemetry at `intervalMs` for `seconds` into the Host page and measures each new sample's way to the screen. */
export async function measureSampleToUi(options: { seconds: number; intervalMs: number }): Promise<SampleToUiFigures> {
  const rendererDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  const sshd = await startSshd();
  const dataDir = await mkdtemp(join(tmpdir(), 'llmwb-bench-ui-'));
  const core = await createNodeCore({ dataDir, shell: 'browser' });
  const server = await startBrowserServer({ handlers: core.handlers, bus: core.bus, rendererDir });
  const browser = await launchChromium();
  try {
    const workspace = await core.handlers['workspaces.create']({ name: 'bench', hostLabel: 'loopback sshd' });
    const target = { kind: 'ssh' as const, address: sshd.address, port: sshd.port, user: sshd.user, auth: { kind: 'key' as const, identityPath: sshd.clientKeyPath } };
    await core.handlers['hosts.update']({ workspaceId: workspace.id, target });
    const trusted = knownHostsPath(dataDir, workspace.id);
    await mkdir(dirname(trusted), { recursive: true });
    await copyFile(sshd.knownHostsPath, trusted);
    const status = await core.handlers['hosts.connect']({ workspaceId: workspace.id });
    if (status.connection.state !== 'connected') throw new Error(`could not connect: ${JSON.stringify(status.connection)}`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}#/host?workspace=${workspace.id}`);
    await page.getByTestId('host-telemetry').waitFor();
    // Runs in the page (typed for Node here): keep every heatmapdraw event's detail.
    await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      page.draws = [];
      page.document.addEventListener('heatmapdraw', (event) => page.draws.push(event.detail), true);
    });
    await core.handlers['telemetry.start']({ workspaceId: workspace.id, intervalMs: options.intervalMs });
    await page.waitForTimeout(options.seconds * 1000);
    const draws = await page.evaluate(() => (globalThis as unknown as PageGlobals).draws);
    return latencies(draws);
  } finally {
    await browser.close();
    await server.close();
    await core.close();
    await disposeSshd(sshd);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The first draw that showed each new sample, minus that sample's time. */
function latencies(draws: readonly Draw[]): SampleToUiFigures {
  const firstDrawOf = new Map<number, number>();
  for (const draw of draws) if (draw.lastT !== null && !firstDrawOf.has(draw.lastT)) firstDrawOf.set(draw.lastT, draw.drawnAt);
  // The first sample is drawn after the page mounts the heatmap, not as a live update: leave it out.
  const values = [...firstDrawOf].slice(1).map(([t, drawnAt]) => drawnAt - t).sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
  return { samples: values.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: values.at(-1) ?? Number.NaN };
}
