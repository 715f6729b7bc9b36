import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EventBus } from '../../src-main/core/events';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { createRunService, type RunService } from '../../src-main/core/runs/run-service';
import { createMemoryRunsRepo } from '../../src-main/core/runs/runs-repo';
import { bridgeServerScrape } from '../../src-main/core/servers/run-scrape-bridge';
import { readRunServerPage } from '../../src-main/core/servers/run-server-samples';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { ServerSample } from '../../src-shared/schemas/server-sample';
import type { SeriesPoint } from '../../src-shared/schemas/run-result';
import { makeTempDir } from '../support/temp-dir';

describe('scraping a run from its events', () => {
  let demo: DemoServerHandle;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let service: RunService;
  let unbridge: () => void;
  const bus = new EventBus();

  beforeEach(async () => {
    demo = await startDemoServer({ engine: 'sim', parallel: 2, ctxSize: 4096, simTokenMs: 25 });
    temp = await makeTempDir();
    const runsRepo = createMemoryRunsRepo();
    const runsDir = join(temp.dir, 'runs');
    service = createRunService({ runsDir, runsRepo, bus, workerEntry: defaultWorkerEntry(), workerCount: 1 });
    unbridge = bridgeServerScrape({ bus, runsRepo, runsDir, intervalMs: 250 });
  });
  afterEach(async () => {
    unbridge();
    await service.stopAll();
    await demo.close();
    await temp.cleanup();
  });

  it('records slot use and deferred requests on the run’s own time axis while 4 users load 2 slots', async () => {
    const live: ServerSample[] = [];
    bus.on('run.serverSample', ({ sample }) => live.push(sample));
    const points: SeriesPoint[] = [];
    bus.on('run.progress', (progress) => points.push(...progress.points));
    const { runId } = await service.start({ url: demo.url, load: { kind: 'closed', virtualUsers: 4 }, durationS: 3, maxTokens: 30, ignoreEos: true });
    await service.whenFinished(runId);
    // run.finished stops the scrape; wait until its last sample is on disk.
    await expect.poll(async () => (await readRunServerPage({ runsDir: join(temp.dir, 'runs'), runId, offset: 0, limit: 3600 })).samples.length, { timeout: 5000 }).toBe(live.length);
    const page = await readRunServerPage({ runsDir: join(temp.dir, 'runs'), runId, offset: 0, limit: 3600 });
    expect(page.samples.length).toBeGreaterThanOrEqual(6);
    expect(page.summary).toMatchObject({ kind: 'llama.cpp', metricsAvailable: true, slotsAvailable: true, maxSlotUse: 1 });
    expect(page.summary!.maxWaiting).toBeGreaterThanOrEqual(1);
    // Same axis as series.jsonl: seconds since the load started, within the run's span.
    const busy = page.samples.filter((sample) => sample.derived.slotUse === 1);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((sample) => sample.tS >= -0.5 && sample.tS <= 4)).toBe(true);
    expect(points.length).toBeGreaterThan(0);
  });
});
