import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomically } from '../../src-main/core/store/json-file';
import { openStore } from '../../src-main/core/store/store';
import type { RunRecord, RunSummary } from '../../src-shared/schemas/run-result';
import type { RunTelemetrySummary } from '../../src-shared/schemas/telemetry-sample';
import { makeTempDir } from '../support/temp-dir';

const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'store', 'index-v2');

/** The second fixture run: a real app run with an SLO, its serverConfig as the demo reported it. */
async function realRecord(): Promise<RunRecord> {
  const index = JSON.parse(await readFile(join(fixtureDir, 'index.json'), 'utf8')) as { runs: RunRecord[] };
  return index.runs[1]!;
}

/** Host telemetry as a 16-CPU, one-GPU box records it over a run. */
function telemetry(): RunTelemetrySummary {
  const busy = (id: string, index: number) => ({ id, peakPct: 90 - index, meanPct: 61.25 + index / 7, samples: 120 });
  return {
    samples: 120, gaps: 0, host: 'gpu-box.lan', intervalMs: 500, runStartT: 1_796_645_671_000.25, firstT: 1_796_645_671_100.5, lastT: 1_796_645_731_000.75,
    cpus: Array.from({ length: 16 }, (_, index) => busy(`cpu${index}`, index)),
    gpus: [busy('gpu0', 0)],
  };
}

describe('the run index as thin rows', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('llmwb-thin-');
  });
  afterEach(() => temp.cleanup());

  /** One run as the run service saves it: plan.json, the running row, summary.json, the final patch. */
  async function saveRun(store: Awaited<ReturnType<typeof openStore>>, base: RunRecord, id: string, summary: RunSummary): Promise<void> {
    const { summary: _summary, endedAt: _endedAt, ...start } = base;
    await mkdir(join(store.runsDir, id), { recursive: true });
    await writeJsonAtomically(join(store.runsDir, id, 'plan.json'), base.plan);
    await store.runs.insert({ ...start, id, status: 'running' });
    await writeJsonAtomically(join(store.runsDir, id, 'summary.json'), summary);
    await store.runs.update(id, { status: 'completed', endedAt: base.startedAt + 60_000, summary });
  }

  it('keeps the index under 200 KB after 200 runs whose summaries carry 16 CPUs and a GPU of telemetry', async () => {
    const store = await openStore(temp.dir);
    const base = await realRecord();
    const summary: RunSummary = { ...base.summary!, telemetry: telemetry() };
    for (let index = 0; index < 200; index += 1) await saveRun(store, { ...base, startedAt: base.startedAt + index }, `run-${String(index).padStart(3, '0')}`, summary);
    const bytes = (await stat(join(temp.dir, 'index.json'))).size;
    console.info(`index.json after 200 runs: ${(bytes / 1024).toFixed(1)} KB (one summary.json: ${JSON.stringify(summary).length} bytes)`);
    expect(await store.runs.list()).toHaveLength(200);
    expect(bytes).toBeLessThan(200 * 1024);
  });

  it('lists every run with its headline figures while no run folder can be read', async () => {
    const store = await openStore(temp.dir);
    const base = await realRecord();
    await saveRun(store, base, 'run-a', base.summary!);
    await saveRun(store, { ...base, startedAt: base.startedAt + 1, workspaceId: undefined, endpointId: undefined }, 'run-b', base.summary!);
    // A file where the runs folder was: any read of a run's file now fails with ENOTDIR.
    await rename(store.runsDir, join(temp.dir, 'runs-away'));
    await writeFile(store.runsDir, 'not a folder');

    const rows = await (await openStore(temp.dir)).runs.list();
    expect(rows.map((row) => row.id)).toEqual(['run-b', 'run-a']);
    expect(rows[1]).toMatchObject({ workspaceId: base.workspaceId, status: 'completed', load: base.plan.load, requestCount: 6 });
    expect(rows[1]!.headline).toMatchObject({ completed: base.summary!.completed, ttftP95Ms: base.summary!.ttftMs.p95, tpotP50Ms: base.summary!.tpotMs!.p50, isSloMet: true });
    expect(rows[0]!.workspaceId).toBeUndefined();
    await expect(store.runs.get('run-a')).rejects.toThrow();
  });

  it('gives back the whole record from the row and the folder: plan, summary.json, server config and the error with its details', async () => {
    const store = await openStore(temp.dir);
    const base = await realRecord();
    await saveRun(store, base, 'run-a', base.summary!);
    const error = { code: 'disk_full' as const, message: 'The disk is full.', hint: 'Free some space.', details: { lostRequestRecords: 3 } };
    await store.runs.update('run-a', { status: 'failed', error });

    const record = await (await openStore(temp.dir)).runs.get('run-a');
    expect(record).toEqual({ ...base, id: 'run-a', endedAt: base.startedAt + 60_000, status: 'failed', error });
    const row = (await store.runs.list())[0]!;
    expect(row.error).toEqual({ code: 'disk_full', message: 'The disk is full.' });
    expect(JSON.stringify(await readFile(join(temp.dir, 'index.json'), 'utf8'))).not.toContain('lostRequestRecords');
  });

  it('writes neither plan.json nor summary.json itself, and keeps a summary that summary.json could not take in record.json', async () => {
    const store = await openStore(temp.dir);
    const base = await realRecord();
    const { summary, endedAt: _endedAt, ...start } = base;
    await store.runs.insert({ ...start, id: 'run-a', status: 'running' });
    expect((await readdir(join(store.runsDir, 'run-a'))).sort()).toEqual(['record.json']);
    // As after a full disk: the run service could not write summary.json and hands the summary to the index.
    await store.runs.update('run-a', { status: 'failed', summary: summary! });
    expect((await readdir(join(store.runsDir, 'run-a'))).sort()).toEqual(['record.json']);
    expect((await store.runs.get('run-a'))?.summary).toEqual(summary);
    expect((await store.runs.get('run-a'))?.plan).toEqual(base.plan);
  });
});
