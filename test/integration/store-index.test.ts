import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentIndexVersion } from '../../src-main/core/store/index-schema';
import { openStore } from '../../src-main/core/store/store';
import type { RunRecord } from '../../src-shared/schemas/run-result';
import { makeTempDir } from '../support/temp-dir';
import { startLiveProcess } from './store-process-support';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(() => temp.cleanup());

function runRecord(id: string, status: RunRecord['status']): RunRecord {
  return {
    id,
    url: 'http://127.0.0.1:1',
    startedAt: Date.now(),
    status,
    plan: {
      url: 'http://127.0.0.1:1',
      api: 'chat',
      load: { kind: 'closed', virtualUsers: 1 },
      durationS: 1,
      maxTokens: 8,
      prompt: 'hi',
      requestTimeoutS: 10,
      ignoreEos: false,
    },
  };
}

describe('the workspace index', () => {
  it('keeps workspaces and endpoints across a reopen', async () => {
    const store = await openStore(temp.dir);
    const workspace = await store.workspaces.create({ name: 'Mini PC', hostLabel: 'mini.lan' });
    await store.workspaces.addEndpoint({ workspaceId: workspace.id, url: 'http://127.0.0.1:8080', kind: 'llama.cpp', isDemo: false });
    const reopened = await openStore(temp.dir);
    const [found] = await reopened.workspaces.list();
    expect(found?.name).toBe('Mini PC');
    expect(found?.endpoints.map((endpoint) => endpoint.url)).toEqual(['http://127.0.0.1:8080']);
  });

  it('migrates an index written before versions existed', async () => {
    await writeFile(join(temp.dir, 'index.json'), JSON.stringify({ workspaces: [] }));
    const store = await openStore(temp.dir);
    expect(store.notices).toEqual([]);
    const saved = JSON.parse(await readFile(join(temp.dir, 'index.json'), 'utf8'));
    expect(saved.version).toBe(currentIndexVersion);
    expect(saved.runs).toEqual([]);
  });

  it('migrates a version 1 index: a localhost host becomes this machine, others keep only their label', async () => {
    const v1 = {
      version: 1,
      workspaces: [
        { id: 'w1', name: 'Laptop', host: { label: 'localhost' }, endpoints: [], createdAt: 1 },
        { id: 'w2', name: 'GPU box', host: { label: 'gpu-box.lan' }, endpoints: [], createdAt: 2 },
      ],
      runs: [],
    };
    await writeFile(join(temp.dir, 'index.json'), JSON.stringify(v1));
    const store = await openStore(temp.dir);
    expect(store.notices).toEqual([]);
    const [laptop, gpuBox] = await store.workspaces.list();
    expect(laptop?.host).toEqual({ label: 'localhost', spec: { kind: 'local' } });
    expect(gpuBox?.host).toEqual({ label: 'gpu-box.lan' });
    const saved = JSON.parse(await readFile(join(temp.dir, 'index.json'), 'utf8'));
    expect(saved.version).toBe(currentIndexVersion);
  });

  it('keeps an SSH host across a reopen with its secret as an id only', async () => {
    const store = await openStore(temp.dir);
    const workspace = await store.workspaces.create({ name: 'Remote', hostLabel: 'gpu-box' });
    const spec = { kind: 'ssh' as const, address: 'gpu-box.lan', port: 2222, user: 'llm', auth: { kind: 'password' as const, passwordSecretId: 'host-w1-password' } };
    await store.workspaces.setHost(workspace.id, { label: 'gpu-box', spec });
    const reopened = await openStore(temp.dir);
    expect((await reopened.workspaces.get(workspace.id)).host.spec).toEqual(spec);
    expect(await readFile(join(temp.dir, 'index.json'), 'utf8')).not.toMatch(/"password"\s*:\s*"/);
  });

  it('moves a corrupt index aside with a message instead of replacing it silently', async () => {
    await writeFile(join(temp.dir, 'index.json'), '{"version": 1, "workspaces": [');
    const store = await openStore(temp.dir);
    expect(store.notices[0]).toMatch(/could not be read \(not valid JSON.*moved to .*index\.corrupt-/s);
    const files = await readdir(temp.dir);
    const aside = files.find((file) => file.startsWith('index.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(temp.dir, aside!), 'utf8')).toBe('{"version": 1, "workspaces": [');
  });

  it('treats an index from a newer build as unreadable and says which version it was', async () => {
    await writeFile(join(temp.dir, 'index.json'), JSON.stringify({ version: 99, workspaces: [], runs: [] }));
    const store = await openStore(temp.dir);
    expect(store.notices[0]).toMatch(/newer LLM Workbench \(index version 99/);
  });

  it('marks runs left running by a dead process as interrupted', async () => {
    const owner = startLiveProcess();
    const first = await openStore(temp.dir, { owner: owner.owner });
    await first.runs.insert(runRecord('r1', 'running'));
    await owner.stop();
    await first.runs.insert(runRecord('r2', 'completed'));
    const second = await openStore(temp.dir);
    expect((await second.runs.get('r1'))?.status).toBe('interrupted');
    expect((await second.runs.get('r2'))?.status).toBe('completed');
    expect(second.notices.join(' ')).toMatch(/1 run\(s\) were cut off/);
  });

  it('keeps what it last read when the index is damaged while open, and moves the damaged file aside', async () => {
    const store = await openStore(temp.dir);
    await store.runs.insert(runRecord('r1', 'completed'));
    await writeFile(join(temp.dir, 'index.json'), '{"version": 2, "runs": [');
    expect((await store.runs.list()).map((run) => run.id)).toEqual(['r1']);
    await store.runs.insert(runRecord('r2', 'completed'));
    expect(store.notices.join(' ')).toMatch(/could not be read.*this process kept the index as it last read it/);
    const reopened = await openStore(temp.dir);
    expect((await reopened.runs.list()).map((run) => run.id).sort()).toEqual(['r1', 'r2']);
    expect((await readdir(temp.dir)).filter((file) => file.startsWith('index.corrupt-'))).toHaveLength(1);
  });

  it('refuses a second run with the same id', async () => {
    const store = await openStore(temp.dir);
    await store.runs.insert(runRecord('r1', 'completed'));
    await expect(store.runs.insert(runRecord('r1', 'completed'))).rejects.toMatchObject({ code: 'conflict' });
  });
});
