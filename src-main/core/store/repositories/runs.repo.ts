import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import { headlineOf, toRunRow, type RunRow } from '../../../../src-shared/schemas/run-row';
import type { IndexFile } from '../index-db';
import type { StoredRun } from '../index-schema';
import { currentProcessOwner, isOwnerGone, type ProcessOwner } from '../process-owner';
import { assembleRunRecord, folderHas, readRunRecordFile, recordFileOf, writeRunRecordFile } from '../run-record-file';

/** The contract's row: the stored row without its owner, as a copy. */
function toRow(stored: StoredRun): RunRow {
  const { owner: _owner, ...row } = stored;
  return structuredClone(row);
}

function isOrphan(row: StoredRun): boolean {
  // A row from a build that did not record owners has no one left to finish it.
  return row.status === 'running' && (row.owner === undefined || isOwnerGone(row.owner));
}

/** Relabels orphaned rows in place; returns their ids. */
function markOrphans(data: { runs: StoredRun[] }): string[] {
  const orphans = data.runs.filter(isOrphan);
  for (const row of orphans) {
    row.status = 'interrupted';
    delete row.owner;
  }
  return orphans.map((row) => row.id);
}

/** Applies a record patch to a thin row in place: the row's own fields, and the headline of a new summary. */
function patchRow(row: StoredRun, patch: Partial<RunRecord>): void {
  const { id: _id, plan, summary, error, serverConfig: _inFolder, ...plain } = structuredClone(patch);
  Object.assign(row, plain);
  if (plan !== undefined) Object.assign(row, { load: plan.load, durationS: plan.durationS, requestCount: plan.requestCount });
  if (summary !== undefined) row.headline = headlineOf(summary);
  if (error !== undefined) row.error = { code: error.code, message: error.message };
  if (row.status !== 'running') delete row.owner;
}

/** Rows as this process should see them: a run whose owner died since is relabelled first. */
async function readRuns(index: IndexFile): Promise<StoredRun[]> {
  const { runs } = await index.read();
  if (!runs.some(isOrphan)) return runs;
  try {
    await index.update(markOrphans);
    return (await index.read()).runs;
  } catch {
    // A folder that cannot be written (read-only, browse only) still shows the truth: the
    // relabel is made on this process's copy, not on disk.
    const copy = structuredClone(runs);
    markOrphans({ runs: copy });
    return copy;
  }
}

/** record.json with the patch's parts no row holds; the plan or summary only while their own file is missing. */
async function saveRecordFile(dir: string, patch: Partial<RunRecord>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const current = await readRunRecordFile(dir).catch(() => ({}));
  await writeRunRecordFile(dir, { ...current, ...recordFileOf(patch, await folderHas(dir)) });
}

async function removeRow(index: IndexFile, runId: string): Promise<void> {
  await index.update((data) => {
    data.runs = data.runs.filter((run) => run.id !== runId);
  });
}

export interface RunsRepoOptions {
  /** Where run folders live: `<dataDir>/runs`. Each run's plan, summary and record file are read from there. */
  runsDir: string;
  /** The process carrying out runs inserted as running (this one by default). */
  owner?: ProcessOwner;
}

/**
 * Runs in the index as thin rows (RunRow: ids, status, load, headline figures), newest first;
 * everything else stays in the run's folder. `list` reads only the index, never a folder, so
 * History stays fast with thousands of runs; `get` assembles the full record from the row,
 * plan.json, summary.json and record.json (run-record-file.ts). This repository never writes
 * plan.json or summary.json (the run service does, once); it writes record.json. A running row
 * records the process carrying it out (`owner`), so another process can tell a live run from
 * one whose process died.
 */
export function createRunsRepo(index: IndexFile, options: RunsRepoOptions) {
  const owner = options.owner ?? currentProcessOwner();
  const runDir = (runId: string): string => join(options.runsDir, runId);

  return {
    /** Adds the run's row, then its record.json; when the file cannot be written the row is taken back. */
    async insert(record: RunRecord): Promise<void> {
      await index.update((data) => {
        if (data.runs.some((run) => run.id === record.id)) throw new AppError('conflict', `A run with id ${record.id} already exists.`);
        data.runs.push({ ...toRunRow(record), ...(record.status === 'running' ? { owner } : {}) });
      });
      await saveRecordFile(runDir(record.id), record).catch(async (error: unknown) => {
        await removeRow(index, record.id).catch(() => undefined);
        throw error;
      });
    },
    /** Patches the row (and record.json for what it holds); resolves with the full record as now saved. */
    async update(runId: string, patch: Partial<RunRecord>): Promise<RunRecord> {
      const row = await index.update((data) => {
        const found = data.runs.find((run) => run.id === runId);
        if (!found) throw new AppError('not_found', `No run with id ${runId}.`);
        patchRow(found, patch);
        return toRow(found);
      });
      const isInFolder = patch.serverConfig !== undefined || patch.error !== undefined || patch.plan !== undefined || patch.summary !== undefined;
      if (isInFolder) await saveRecordFile(runDir(runId), patch);
      return assembleRunRecord(row, runDir(runId));
    },
    async get(runId: string): Promise<RunRecord | undefined> {
      const row = (await readRuns(index)).find((run) => run.id === runId);
      return row ? assembleRunRecord(toRow(row), runDir(runId)) : undefined;
    },
    /** Rows only: reads the index, never a run folder. */
    async list(filter: { workspaceId?: string } = {}): Promise<RunRow[]> {
      const runs = await readRuns(index);
      const chosen = filter.workspaceId === undefined ? runs : runs.filter((run) => run.workspaceId === filter.workspaceId);
      return chosen.map(toRow).sort((a, b) => b.startedAt - a.startedAt);
    },
    /**
     * Runs still marked running whose owner process is gone (on this host) become interrupted,
     * and their folders stay readable. A run another live process is carrying out is left alone.
     */
    async markOrphansInterrupted(): Promise<string[]> {
      return index.update(markOrphans);
    },
  };
}
export type RunsRepository = ReturnType<typeof createRunsRepo>;
