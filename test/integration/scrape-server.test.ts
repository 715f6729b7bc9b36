import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-main/core/events';
import { houseClock } from '../../src-main/core/clock';
import { attachServerScrape } from '../../src-main/core/servers/attach-server-scrape';
import { readRunServerPage } from '../../src-main/core/servers/run-server-samples';
import { startServerScrape } from '../../src-main/core/servers/scrape-loop';
import { RunFolder } from '../../src-main/core/store/run-folder';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { ServerSample } from '../../src-shared/schemas/server-sample';
import { makeTempDir } from '../support/temp-dir';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/servers/${name}`, import.meta.url), 'utf8');
const httpBody = (name: string): string => fixture(name).slice(fixture(name).indexOf('\r\n\r\n') + 4);

interface Route {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A server on a free loopback port answering fixed routes, counting the requests to each. */
async function fixtureServer(routes: Record<string, Route>): Promise<{ url: string; hits: Map<string, number>; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path] ?? { status: 404, body: '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}' };
    response.writeHead(route.status, { 'content-type': 'text/plain', ...route.headers });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Resolves with the samples once `done` says so; the scrape pushes into it. */
function collector(done: (samples: ServerSample[]) => boolean): { onSample: (sample: ServerSample) => void; until: Promise<ServerSample[]> } {
  const samples: ServerSample[] = [];
  let resolve: (value: ServerSample[]) => void = () => undefined;
  const until = new Promise<ServerSample[]>((r) => (resolve = r));
  return {
    until,
    onSample: (sample) => {
      samples.push(sample);
      if (done(samples)) resolve(samples);
    },
  };
}

describe('server scrape against fixed answers', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('says once that /metrics is disabled (501) and keeps scraping /slots', async () => {
    server = await fixtureServer({
      '/metrics': { status: 501, body: httpBody('llamacpp-error-501-metrics-disabled.txt') },
      '/slots': { status: 200, body: fixture('slots-busy.json') },
      '/props': { status: 200, body: fixture('props.json') },
    });
    const sink = collector((samples) => samples.length >= 4);
    const scrape = startServerScrape({ url: server.url, kind: 'llama.cpp', intervalMs: 20, onSample: sink.onSample });
    const samples = await sink.until;
    const summary = await scrape.stop();
    expect(samples[0]!.notes).toEqual(['/metrics is disabled on this server (501): This server does not support metrics endpoint. Start it with `--metrics`']);
    expect(samples.slice(1).every((sample) => sample.notes === undefined)).toBe(true);
    expect(server.hits.get('/metrics')).toBe(1);
    expect(samples.every((sample) => sample.derived.slotUse === 1 && sample.metrics === null && sample.errors === undefined)).toBe(true);
    expect(summary).toMatchObject({ metricsAvailable: false, slotsAvailable: true, maxSlotUse: 1, failedScrapes: 0, gaveUp: null });
    expect(summary.notes).toHaveLength(1);
  });

  it('ends by itself when both endpoints are disabled', async () => {
    server = await fixtureServer({
      '/metrics': { status: 501, body: httpBody('llamacpp-error-501-metrics-disabled.txt') },
      '/slots': { status: 501, body: httpBody('llamacpp-error-501-slots-disabled.txt') },
    });
    const scrape = startServerScrape({ url: server.url, kind: 'llama.cpp', intervalMs: 20, onSample: () => undefined });
    const summary = await scrape.finished;
    expect(summary.notes).toHaveLength(2);
    expect(summary.notes[1]).toMatch(/^\/slots is disabled on this server \(501\).*--slots/);
    expect(summary).toMatchObject({ samples: 1, failedScrapes: 0, metricsAvailable: false, slotsAvailable: false });
  });

  it('reads vLLM metrics and never asks a vLLM server for /slots', async () => {
    server = await fixtureServer({ '/metrics': { status: 200, body: fixture('vllm-metrics.prom') } });
    const sink = collector((samples) => samples.length >= 2);
    const scrape = startServerScrape({ url: server.url, kind: 'vllm', intervalMs: 20, onSample: sink.onSample });
    const [first] = await sink.until;
    await scrape.stop();
    expect(first!.derived).toMatchObject({ waiting: 13, kvCacheUsage: 0.9431818181818182, kvCacheSource: 'metrics', slotsTotal: null });
    expect(server.hits.has('/slots')).toBe(false);
  });

  it('records a parse error for the sample and carries on', async () => {
    server = await fixtureServer({ '/metrics': { status: 200, body: '<html>proxy error</html>' }, '/slots': { status: 200, body: fixture('slots-idle.json') } });
    const sink = collector((samples) => samples.length >= 2);
    const scrape = startServerScrape({ url: server.url, kind: 'llama.cpp', intervalMs: 20, onSample: sink.onSample });
    const [first] = await sink.until;
    const summary = await scrape.stop();
    expect(first!.errors?.metrics).toBe('cannot read /metrics output (line 1: not a metric sample); first line: "<html>proxy error</html>"');
    expect(first!.derived.slotUse).toBe(0);
    expect(summary.failedScrapes).toBeGreaterThanOrEqual(2);
  });
});

describe('server scrape when nothing answers', () => {
  it('backs off and gives up after the bounded number of failed scrapes, saying why', async () => {
    const closed = await fixtureServer({});
    const url = closed.url;
    await closed.close();
    const samples: ServerSample[] = [];
    const started = performance.now();
    const summary = await startServerScrape({ url, kind: 'llama.cpp', intervalMs: 10, maxConsecutiveFailures: 4, onSample: (sample) => samples.push(sample) }).finished;
    expect(samples).toHaveLength(4);
    expect(samples.every((sample) => sample.errors?.metrics === 'connection refused')).toBe(true);
    expect(samples.at(-1)!.gaveUp).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+ for 4 scrapes in a row/);
    expect(summary.gaveUp).toBe(samples.at(-1)!.gaveUp);
    // Waits of 20, 40 and 80 ms between the four attempts: the interval doubled while failing.
    expect(performance.now() - started).toBeGreaterThanOrEqual(130);
  });
});

describe('server scrape of the demo server under load', () => {
  let demo: DemoServerHandle;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    demo = await startDemoServer({ engine: 'sim', parallel: 2, ctxSize: 2048, simTokenMs: 20 });
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await demo.close();
    await temp.cleanup();
  });

  function request(): Promise<void> {
    return fetch(`${demo.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'count to forty' }], max_tokens: 40, ignore_eos: true }),
    }).then((response) => response.text().then(() => undefined));
  }

  it('sees both slots busy and the third request deferred, writes server.jsonl and emits each sample', async () => {
    const bus = new EventBus();
    const folder = await RunFolder.create(temp.dir, 'run-1');
    const events: ServerSample[] = [];
    const sawQueue = new Promise<void>((resolve) => {
      bus.on('run.serverSample', ({ runId, sample }) => {
        expect(runId).toBe('run-1');
        events.push(sample);
        if (sample.derived.waiting !== null && sample.derived.waiting >= 1 && sample.derived.slotUse === 1) resolve();
      });
    });
    const handle = attachServerScrape({ runId: 'run-1', url: demo.url, kind: 'llama.cpp', folder, bus, intervalMs: 50 });
    // The scrape starts before the load: its first sample waits for the load's t = 0, then is placed before it.
    await handle.firstSample;
    expect(events).toEqual([]);
    handle.setOrigin(houseClock());
    expect(events[0]!.tS).toBeLessThanOrEqual(0);
    const load = Promise.all([request(), request(), request()]);
    await sawQueue;
    await load;
    const summary = await handle.stop();
    expect(summary).toMatchObject({ metricsAvailable: true, slotsAvailable: true, maxSlotUse: 1, gaveUp: null });
    // Three requests into two slots: one waits once both are taken (all three while the scheduler has not picked yet).
    expect(summary.maxWaiting).toBeGreaterThanOrEqual(1);
    expect(summary.maxWaiting).toBeLessThanOrEqual(3);
    const page = await readRunServerPage({ runsDir: temp.dir, runId: 'run-1', offset: 0, limit: 3600 });
    expect(page.samples).toEqual(events);
    expect(page.summary).toEqual(summary);
    expect(page.nextOffset).toBeNull();
    expect(events.every((sample, index) => index === 0 || sample.t > events[index - 1]!.t)).toBe(true);
    expect(events.some((sample) => (sample.derived.slotDecodeTokensPerS ?? 0) > 0)).toBe(true);
  });
});
