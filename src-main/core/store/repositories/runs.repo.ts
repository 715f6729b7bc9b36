import { AppError } from '../../../../src-shared/errors';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import type { IndexFile } from '../index-db';
import type { StoredRun } from '../index-schema';
import { currentProcessOwner, isOwnerGone, type ProcessOwner } from '../process-owner';

/** The contract's record: the row without its owner, as a copy. */
function toRecord(row: StoredRun): RunRecord {
  const { owner: _owner, ...record } = row;
  return structuredClone(record);
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

/**
 * Run summaries in the index, newest first. The per-request data stays in the run folder;
 * this holds only what the history list and comparisons need. A running row records the
 * process carrying it out (`owner`, this process unless told otherwise), so another process
 * can tell a live run from one whose process died.
 */
export function createRunsRepo(index: IndexFile, owner: ProcessOwner = currentProcessOwner()) {
  /** Rows as this process should see them: a run whose owner died since is relabelled first. */
  async function readRuns(): Promise<StoredRun[]> {
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

  return {
    async insert(record: RunRecord): Promise<void> {
      await index.update((data) => {
        if (data.runs.some((run) => run.id === record.id)) throw new AppError('conflict', `A run with id ${record.id} already exists.`);
        data.runs.push({ ...structuredClone(record), ...(record.status === 'running' ? { owner } : {}) });
      });
    },
    async update(runId: string, patch: Partial<RunRecord>): Promise<RunRecord> {
      return index.update((data) => {
        const row = data.runs.find((run) => run.id === runId);
        if (!row) throw new AppError('not_found', `No run with id ${runId}.`);
        Object.assign(row, structuredClone(patch), { id: row.id });
        if (row.status !== 'running') delete row.owner;
        return toRecord(row);
      });
    },
    async get(runId: string): Promise<RunRecord | undefined> {
      const row = (await readRuns()).find((run) => run.id === runId);
      return row ? toRecord(row) : undefined;
    },
    async list(filter: { workspaceId?: string } = {}): Promise<RunRecord[]> {
      const runs = await readRuns();
      const chosen = filter.workspaceId === undefined ? runs : runs.filter((run) => run.workspaceId === filter.workspaceId);
      return chosen.map(toRecord).sort((a, b) => b.startedAt - a.startedAt);
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
