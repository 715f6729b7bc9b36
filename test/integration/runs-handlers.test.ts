import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/index';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { exportRun } from '../../src-main/core/runs/run-export';
import { createInProcessDemoPort } from '../../src-main/demo/demo-port';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import type { RunFinished } from '../../src-shared/schemas/run-result';
import { makeTempDir } from '../support/temp-dir';

const demoPort = createInProcessDemoPort({ engine: 'sim', simTokenMs: 2 });

describe('the runs.* handlers over a saved demo run', () => {
  let core: Core;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let runId: string;

  beforeAll(async () => {
    const temp = await makeTempDir();
    ({ dir: dataDir, cleanup } = temp);
    core = await createCore({ dataDir, shell: 'cli', version: 'test', workerEntry: defaultWorkerEntry(), demo: demoPort });
    const workspace = await core.handlers['workspaces.create']({ name: 'Demo', hostLabel: 'demo-host' });
    const endpoint = await core.handlers['demo.attach']({ workspaceId: workspace.id, config: { flags: { parallel: 2, metrics: true } } });
    const finished = new Promise<RunFinished>((resolve) => core.bus.on('run.finished', resolve));
    ({ runId } = await core.handlers['runs.start'](RunPlan.parse({ url: endpoint.url, load: { kind: 'closed', virtualUsers: 2 }, requestCount: 6, durationS: 60, maxTokens: 8, ignoreEos: true })));
    expect(await finished).toMatchObject({ runId, status: 'completed' });
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('runs.export writes exactly the files the CLI --export writes, byte for byte, and returns each one\'s text', async () => {
    const exported = await core.handlers['runs.export']({ runId });
    const cliDir = join(dataDir, 'cli-export');
    await mkdir(cliDir);
    await exportRun({ runDir: join(dataDir, 'runs', runId), runId, outDir: cliDir });
    expect(exported.dir).toBe(join(dataDir, 'exports', runId));
    const cliNames = (await readdir(cliDir)).sort();
    expect(exported.files.map((file) => file.name).sort()).toEqual(cliNames);
    expect((await readdir(exported.dir)).sort()).toEqual(cliNames);
    for (const file of exported.files) {
      const cliText = await readFile(join(cliDir, file.name), 'utf8');
      expect(file.text).toBe(cliText);
      expect(await readFile(join(exported.dir, file.name), 'utf8')).toBe(cliText);
      expect(file.bytes).toBe(Buffer.byteLength(cliText));
    }
    const json = JSON.parse(exported.files.find((file) => file.format === 'json')!.text!) as { format: string; runId: string; requests: unknown[] };
    expect(json).toMatchObject({ format: 'llmwb-run-export/1', runId });
    expect(json.requests).toHaveLength(6);
    expect(exported.notices).toEqual([]);
  });

  it('runs.export returns only the CSV files when asked for csv, and only the JSON when asked for json', async () => {
    const csv = await core.handlers['runs.export']({ runId, format: 'csv' });
    expect(csv.files.map((file) => file.name).sort()).toEqual([`${runId}-requests.csv`, `${runId}-series.csv`, `${runId}-server.csv`]);
    const json = await core.handlers['runs.export']({ runId, format: 'json' });
    expect(json.files.map((file) => file.name)).toEqual([`${runId}.json`]);
  });

  it('runs.export refuses a run the index does not know with not_found, before touching any path', async () => {
    await expect(core.handlers['runs.export']({ runId: 'r_unknown' })).rejects.toMatchObject({ code: 'not_found', message: 'No run with id r_unknown.' });
    await expect(core.handlers['runs.export']({ runId: '../../etc' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(readdir(join(dataDir, 'exports'))).resolves.toEqual([runId]);
  });

  it('answers every runs.* op that reads a run folder for the saved run, from the one handlers file', async () => {
    const points = await core.handlers['runs.requests']({ runId, limit: 100 });
    expect(points).toMatchObject({ runId, requests: 6 });
    const server = await core.handlers['runs.server']({ runId, offset: 0, limit: 100 });
    expect(server.runId).toBe(runId);
    const telemetry = await core.handlers['runs.telemetry']({ runId, cursor: 0, limit: 10 });
    expect(telemetry).toMatchObject({ runId, host: null, frames: [], isRecording: false });
  });

  it('refuses an unknown run with the same not_found on every op that names one run', async () => {
    const unknown = { runId: 'r_unknown' };
    // Each call is made when its check awaits it, so no rejection is left unhandled meanwhile.
    const calls = [
      () => core.handlers['runs.get'](unknown),
      () => core.handlers['runs.stop'](unknown),
      () => core.handlers['runs.requests']({ ...unknown, limit: 10 }),
      () => core.handlers['runs.server']({ ...unknown, offset: 0, limit: 10 }),
      () => core.handlers['runs.telemetry']({ ...unknown, cursor: 0, limit: 10 }),
      () => core.handlers['runs.export'](unknown),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'not_found', message: 'No run with id r_unknown.' });
  });
});
