import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/store';
import type { RunRecord } from '../../src-shared/schemas/run-result';
import { makeTempDir } from '../support/temp-dir';

/** A data folder written by real app and CLI runs of the build before migration 003 (see its README). */
const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'store', 'index-v2');

describe('index migration 003 (thin run rows) on a real version 2 data folder', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let oldRuns: RunRecord[];
  const indexPath = () => join(temp.dir, 'index.json');
  const runDir = (runId: string) => join(temp.dir, 'runs', runId);

  beforeEach(async () => {
    temp = await makeTempDir('llmwb-migrate-003-');
    await cp(fixtureDir, temp.dir, { recursive: true });
    oldRuns = (JSON.parse(await readFile(indexPath(), 'utf8')) as { runs: RunRecord[] }).runs;
  });
  afterEach(() => temp.cleanup());

  const expectEveryRecordKept = async (store: Awaited<ReturnType<typeof openStore>>) => {
    for (const old of oldRuns) expect(await store.runs.get(old.id), old.id).toEqual(old);
  };

  it('keeps only thin rows in the index, app runs with their workspace and CLI runs without, and every full record readable', async () => {
    const before = (await stat(indexPath())).size;
    const store = await openStore(temp.dir);
    const saved = JSON.parse(await readFile(indexPath(), 'utf8')) as { version: number; runs: Array<Record<string, unknown>> };
    expect(saved.version).toBe(3);
    expect(saved.runs.every((row) => row.plan === undefined && row.summary === undefined && row.serverConfig === undefined)).toBe(true);
    expect((await stat(indexPath())).size).toBeLessThan(before / 2);
    const rows = await store.runs.list();
    expect(rows.filter((row) => row.workspaceId !== undefined)).toHaveLength(2);
    expect(rows.filter((row) => row.workspaceId === undefined)).toHaveLength(2);
    expect(rows.every((row) => row.headline !== undefined && row.headline.completed > 0)).toBe(true);
    await expectEveryRecordKept(store);
    expect(await readFile(join(runDir(oldRuns[0]!.id), 'record.json'), 'utf8')).toContain('"serverConfig"');
  });

  it('recreates the folder of a run that lost it, with plan.json and the summary in record.json, but no summary.json', async () => {
    const gone = oldRuns[2]!;
    await rm(runDir(gone.id), { recursive: true });
    const store = await openStore(temp.dir);
    expect((await readdir(runDir(gone.id))).sort()).toEqual(['plan.json', 'record.json']);
    await expectEveryRecordKept(store);
  });

  it('keeps a summary whose summary.json is missing in record.json', async () => {
    const cut = oldRuns[3]!;
    await rm(join(runDir(cut.id), 'summary.json'));
    const store = await openStore(temp.dir);
    expect(await readdir(runDir(cut.id))).not.toContain('summary.json');
    expect((await store.runs.get(cut.id))?.summary).toEqual(cut.summary);
  });

  it('gives the same folders when run again over the old index (a process killed before the index write)', async () => {
    const oldIndex = await readFile(indexPath(), 'utf8');
    await rm(runDir(oldRuns[1]!.id), { recursive: true });
    await openStore(temp.dir);
    const snapshot = async () => Promise.all(oldRuns.map(async (run) => [await readFile(join(runDir(run.id), 'record.json'), 'utf8'), await readFile(join(runDir(run.id), 'plan.json'), 'utf8')]));
    const first = await snapshot();
    const firstIndex = await readFile(indexPath(), 'utf8');
    await writeFile(indexPath(), oldIndex);
    const store = await openStore(temp.dir);
    expect(await snapshot()).toEqual(first);
    expect(await readFile(indexPath(), 'utf8')).toBe(firstIndex);
    await openStore(temp.dir);
    expect(await readFile(indexPath(), 'utf8')).toBe(firstIndex);
    await expectEveryRecordKept(store);
  });
});
