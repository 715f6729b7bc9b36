import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-main/core/events';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { createRunService, type RunService } from '../../src-main/core/runs/run-service';
import { createMemoryRunsRepo, type RunsRepo } from '../../src-main/core/runs/runs-repo';
import { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { RunProgress, RunSummary, SeriesPoint, type RunFinished } from '../../src-shared/schemas/run-result';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

const lines = async (path: string): Promise<unknown[]> => (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as unknown);

describe('the run service', () => {
  let server: ScriptedServer;
  let runsDir: string;
  let repo: RunsRepo;
  let bus: EventBus;
  let service: RunService;

  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 30, tokenIntervalMs: 10, tokens: 10 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    runsDir = join(await mkdtemp(join(tmpdir(), 'llmwb-runs-')), 'runs');
    repo = createMemoryRunsRepo();
    bus = new EventBus();
    service = createRunService({ runsDir, runsRepo: repo, bus, workerEntry: defaultWorkerEntry() });
  });
  afterEach(async () => {
    await service.stopAll();
    await rm(join(runsDir, '..'), { recursive: true, force: true });
  });

  it('writes plan.json, requests.jsonl, series.jsonl and summary.json, and updates the record', async () => {
    const progress: RunProgress[] = [];
    const finished: RunFinished[] = [];
    bus.on('run.progress', (event) => progress.push(event));
    bus.on('run.finished', (event) => finished.push(event));
    const { runId } = await service.start({ url: `${server.url}/`, workspaceId: 'ws1', load: { kind: 'closed', virtualUsers: 3 }, durationS: 2, maxTokens: 10 });
    expect(runId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await repo.get(runId))?.status).toBe('running');
    const end = await service.whenFinished(runId);

    const folder = join(runsDir, runId);
    expect((await readdir(folder)).sort()).toEqual(['plan.json', 'requests.jsonl', 'series.jsonl', 'summary.json']);
    const plan = RunPlan.parse(JSON.parse(await readFile(join(folder, 'plan.json'), 'utf8')));
    expect(plan).toMatchObject({ url: server.url, model: 'scripted-model', load: { virtualUsers: 3 } });
    const summary = RunSummary.parse(JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8')));
    const requests = (await lines(join(folder, 'requests.jsonl'))).map((line) => RequestRecord.parse(line));
    const series = (await lines(join(folder, 'series.jsonl'))).map((line) => SeriesPoint.parse(line));
    expect(summary.completed).toBeGreaterThan(10);
    expect(requests).toHaveLength(summary.completed + summary.failed + (summary.errorsByClass.cancelled ?? 0));
    expect(series.map((point) => point.tS)).toEqual([0, 1]);
    expect(series.reduce((sum, point) => sum + point.completed, 0)).toBe(summary.completed);

    const record = await repo.get(runId);
    expect(record).toMatchObject({ status: 'completed', workspaceId: 'ws1', summary });
    expect(record!.endedAt).toBeGreaterThanOrEqual(record!.startedAt);
    // The scripted server has no /props: the record says the configuration is unknown, and why.
    expect(record!.serverConfig).toMatchObject({ source: 'unknown', note: expect.stringMatching(/\/props: this server has no such endpoint \(404\)/) as unknown });
    expect(end).toEqual({ runId, status: 'completed', summary });
    expect(finished).toEqual([end]);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    for (const event of progress) expect(RunProgress.parse(event)).toEqual(event);
    expect(progress.every((event) => event.runId === runId)).toBe(true);
    expect(progress.flatMap((event) => event.points)).toEqual(series);

    const got = await service.get(runId);
    expect(got.series).toEqual(series);
    expect(await service.list({ workspaceId: 'ws1' })).toHaveLength(1);
    expect(await service.list({ workspaceId: 'other' })).toHaveLength(0);
  });

  it('stops a run on request, marks it stopped and still writes its summary', async () => {
    server.setReply({ firstTokenDelayMs: 10, tokenIntervalMs: 10, tokens: 1000 });
    const { runId } = await service.start({ url: server.url, load: { kind: 'closed', virtualUsers: 2 }, durationS: 30, maxTokens: 1000 });
    await new Promise<void>((resolve) => bus.on('run.progress', (event) => event.inFlight === 2 && resolve()));
    const startedMs = performance.now();
    expect(await service.stop(runId)).toEqual({ stopped: true });
    expect(performance.now() - startedMs).toBeLessThan(1500);
    const record = await repo.get(runId);
    expect(record?.status).toBe('stopped');
    expect(record?.summary?.errorsByClass.cancelled).toBe(2);
    expect(JSON.parse(await readFile(join(runsDir, runId, 'summary.json'), 'utf8'))).toEqual(record?.summary);
    expect(await service.stop(runId)).toEqual({ stopped: false });
    server.setReply({ firstTokenDelayMs: 30, tokenIntervalMs: 10, tokens: 10 });
  });

  it('rejects a bad plan with every problem at once and writes nothing', async () => {
    const attempt = service.start({ url: 'not a url', load: { kind: 'closed', virtualUsers: 0 }, durationS: 0 });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
    const message = ((await attempt.catch((error: unknown) => error)) as Error).message;
    expect(message).toContain('url:');
    expect(message).toContain('load.virtualUsers:');
    expect(message).toContain('durationS:');
    await expect(readdir(runsDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await repo.list({})).toEqual([]);
  });

  it('checks the endpoint before writing anything: unreachable, 404 and non-LLM answers', async () => {
    const html = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const htmlUrl = `http://127.0.0.1:${(html.address() as { port: number }).port}`;
    const load = { kind: 'closed' as const, virtualUsers: 1 };
    try {
      await expect(service.start({ url: 'http://127.0.0.1:9', load, durationS: 1 })).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('connection refused') });
      await expect(service.start({ url: `${server.url}/v1`, load, durationS: 1 })).rejects.toMatchObject({ code: 'http_error', message: expect.stringContaining('404') });
      await expect(service.start({ url: htmlUrl, load, durationS: 1 })).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('not an OpenAI-style chat stream') });
    } finally {
      html.close();
    }
    await expect(readdir(runsDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await repo.list({})).toEqual([]);
  });

  it('answers not_found for a run it does not know', async () => {
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.stop('../etc')).rejects.toMatchObject({ code: 'not_found' });
  });
});
