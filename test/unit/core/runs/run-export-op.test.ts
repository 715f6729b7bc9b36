import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import { exportSavedRun } from '../../../../src-main/core/runs/run-export-op';
import { makeTempDir } from '../../../support/temp-dir';

const runId = 'r_saved';
const record = { id: runId, url: 'http://127.0.0.1:1', startedAt: 1, status: 'stopped' } as RunRecord;

describe('exportSavedRun', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let deps: { runsDir: string; exportsDir: string; runsRepo: { get(id: string): Promise<RunRecord | undefined> } };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    deps = { runsDir: join(dir, 'runs'), exportsDir: join(dir, 'exports'), runsRepo: { get: async (id) => (id === runId ? record : undefined) } };
    await mkdir(join(deps.runsDir, runId), { recursive: true });
    await writeFile(join(deps.runsDir, runId, 'plan.json'), JSON.stringify({ url: record.url }));
  });
  afterEach(() => cleanup());

  it('leaves the text of a file past the inline budget on disk, naming the file and its size', async () => {
    const exported = await exportSavedRun({ ...deps, maxInlineChars: 200 }, { runId });
    const json = exported.files.find((file) => file.format === 'json')!;
    expect(json.bytes).toBeGreaterThan(200);
    expect(json.text).toBeUndefined();
    const csvs = exported.files.filter((file) => file.format === 'csv');
    expect(csvs.filter((file) => file.text !== undefined).length).toBeGreaterThan(0);
    expect(csvs.reduce((sum, file) => sum + (file.text?.length ?? 0), 0)).toBeLessThanOrEqual(200);
  });

  it('replaces an earlier export instead of mixing the two', async () => {
    await mkdir(join(deps.exportsDir, runId), { recursive: true });
    await writeFile(join(deps.exportsDir, runId, 'stale.txt'), 'old');
    const exported = await exportSavedRun(deps, { runId });
    await expect(readFile(join(exported.dir, 'stale.txt'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tells an interrupted run (no summary.json) in its JSON export', async () => {
    const exported = await exportSavedRun(deps, { runId, format: 'json' });
    expect(JSON.parse(exported.files[0]!.text!)).toMatchObject({ runId, isInterrupted: true, requests: [] });
  });
});
