import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeCore } from '../../src-main/cli/node-core';
import type { Core } from '../../src-main/core/index';
import { RunFolder } from '../../src-main/core/store/run-folder';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { RunFinished, RunSummary } from '../../src-shared/schemas/run-result';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { makeTempDir } from '../support/temp-dir';

/** The lines of a JSON Lines file, parsed. */
async function readJsonl<T>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

describe('a run and its attachments, through the core', () => {
  let demo: DemoServerHandle;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: Core;
  let plan: RunPlan;

  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, parallel: 2, engine: 'sim', simTokenMs: 10 });
    await demo.ready;
  });
  afterAll(() => demo.close());
  beforeEach(async () => {
    temp = await makeTempDir();
    core = await createNodeCore({ dataDir: temp.dir, shell: 'browser' });
    // A workspace measuring this machine, with the demo server as its endpoint.
    const workspace = await core.handlers['workspaces.create']({ name: 'attachments', hostLabel: 'this machine' });
    await core.handlers['hosts.update']({ workspaceId: workspace.id, target: { kind: 'local' } });
    const endpoint = await core.handlers['endpoints.add']({ workspaceId: workspace.id, url: demo.url, kind: 'llama.cpp', isDemo: false });
    plan = RunPlan.parse({ url: demo.url, workspaceId: workspace.id, endpointId: endpoint.id, withTelemetry: true, load: { kind: 'closed', virtualUsers: 2 }, durationS: 2, maxTokens: 8 });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await core.close();
    await temp.cleanup();
  });

  it('starts telemetry and the scrape before the first request, saves them before run.finished, and writes summary.json once', async () => {
    const writes = vi.spyOn(RunFolder.prototype, 'writeJson');
    // What is on disk at the instant run.finished is emitted.
    const atFinish = new Promise<{ finished: RunFinished; summaryFile: RunSummary }>((resolve) => {
      core.bus.on('run.finished', (finished) => resolve({ finished, summaryFile: JSON.parse(readFileSync(join(temp.dir, 'runs', finished.runId, 'summary.json'), 'utf8')) as RunSummary }));
    });
    const { runId } = await core.handlers['runs.start'](plan);
    const { finished, summaryFile } = await atFinish;
    const folder = join(temp.dir, 'runs', runId);

    expect(finished.status).toBe('completed');
    expect(summaryFile.telemetry!.samples).toBeGreaterThanOrEqual(1);
    expect(summaryFile.server!.samples).toBeGreaterThanOrEqual(1);
    expect(summaryFile.server!.metricsAvailable).toBe(true);
    expect(summaryFile.serverTokens!.counter).toBe('llamacpp:tokens_predicted_total');
    expect(finished.summary).toEqual(summaryFile);
    expect(writes.mock.calls.filter(([file]) => file === 'summary')).toHaveLength(1);

    const requests = await readJsonl<{ sentMs: number }>(join(folder, 'requests.jsonl'));
    const firstRequestMs = Math.min(...requests.map((request) => request.sentMs));
    const loadStartMs = summaryFile.telemetry!.runStartT!;
    const [firstHostSample] = await readJsonl<{ t: number }>(join(folder, 'telemetry.jsonl'));
    const [firstServerSample] = await readJsonl<{ t: number; tS: number }>(join(folder, 'server.jsonl'));
    expect(loadStartMs).toBeLessThanOrEqual(firstRequestMs);
    expect(firstHostSample!.t).toBeLessThanOrEqual(firstRequestMs);
    expect(firstServerSample!.t).toBeLessThanOrEqual(firstRequestMs);
    expect(firstServerSample!.tS).toBeLessThanOrEqual(0);
  });

  it('runAndWait returns the saved record with its server, token and telemetry summaries', async () => {
    const record = await core.runs.runAndWait({ ...plan, durationS: 1 });
    expect(record.status).toBe('completed');
    expect(record.summary?.telemetry?.host).toBe('this machine');
    expect(record.summary?.server?.kind).toBe('llama.cpp');
    expect(record.summary?.serverTokens?.tokens).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(join(temp.dir, 'runs', record.id, 'summary.json'), 'utf8'))).toEqual(record.summary);
  });
});
