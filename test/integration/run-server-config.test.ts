import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/index';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { createInProcessDemoPort } from '../../src-main/demo/demo-port';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import type { RunFinished } from '../../src-shared/schemas/run-result';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { makeTempDir } from '../support/temp-dir';

/** The demo as every shell starts it, on the sim engine with fixed timing so the run is short and light. */
const demoPort = createInProcessDemoPort({ engine: 'sim', simTokenMs: 2 });

const config: ServerConfig = { flags: { parallel: 3, ctxSize: 6144, threads: 2, batchSize: 512, ubatchSize: 128, contBatching: true, metrics: true } };

describe('a run against the demo server records the configuration it ran against', () => {
  let core: Core;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    core = await createCore({ dataDir: temp.dir, shell: 'cli', version: 'test', workerEntry: defaultWorkerEntry(), demo: demoPort });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('carries the flags the demo states in /props, each with its /props field, and the demo launch method', async () => {
    const workspace = await core.handlers['workspaces.create']({ name: 'Demo', hostLabel: 'demo-host' });
    const endpoint = await core.handlers['demo.attach']({ workspaceId: workspace.id, config });
    // The only run of this core: listening before it starts cannot miss its end.
    const finished = new Promise<RunFinished>((resolve) => core.bus.on('run.finished', resolve));
    const { runId } = await core.handlers['runs.start'](RunPlan.parse({ url: endpoint.url, load: { kind: 'closed', virtualUsers: 2 }, requestCount: 6, durationS: 60, maxTokens: 8, ignoreEos: true }));
    expect(await finished).toMatchObject({ runId, status: 'completed' });

    const { record } = await core.handlers['runs.get']({ runId });
    expect(record.serverConfig).toMatchObject({ source: 'props', config: { flags: config.flags, launch: { kind: 'demo' } }, reported: { isDemo: true, totalSlots: 3, nCtxPerSlot: 2048 } });
    expect(record.serverConfig?.origins).toMatchObject({ parallel: { from: 'props', field: 'total_slots' }, ctxSize: { from: 'props', field: 'demo_settings.n_ctx_total' }, ubatchSize: { from: 'props', field: 'demo_settings.ubatch_size' } });
    expect(record.serverConfig?.readAt).toBeGreaterThanOrEqual(record.startedAt - 60_000);
    expect(record.serverConfig?.readAt).toBeLessThanOrEqual(record.startedAt);
  });

  it('refuses a configuration the demo cannot honour, saying why, and leaves the running demo as it was', async () => {
    const workspace = await core.handlers['workspaces.create']({ name: 'Demo', hostLabel: 'demo-host' });
    const endpoint = await core.handlers['demo.attach']({ workspaceId: workspace.id, config });
    const refused = core.handlers['demo.attach']({ workspaceId: workspace.id, config: { flags: { ...config.flags, cacheTypeK: 'q8_0' } } });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/--cache-type-k: refused by the demo server: neither engine can honour it/) as unknown });
    expect(await core.handlers['demo.status']({})).toEqual({ running: true, url: endpoint.url, config });
    expect((await fetch(`${endpoint.url}/health`)).status).toBe(200);
  });
});
