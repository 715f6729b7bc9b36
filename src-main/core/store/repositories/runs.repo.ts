import type { Low } from 'lowdb';
import { AppError } from '../../../../src-shared/errors';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import type { IndexData } from '../index-schema';

/**
 * Run summaries in the index, newest first. The per-request data stays in the run folder;
 * this holds only what the history list and comparisons need.
 */
export function createRunsRepo(db: Low<IndexData>) {
  const find = (runId: string): RunRecord | undefined => db.data.runs.find((run) => run.id === runId);

  return {
    async insert(record: RunRecord): Promise<void> {
      if (find(record.id)) throw new AppError('conflict', `A run with id ${record.id} already exists.`);
      db.data.runs.push(structuredClone(record));
      await db.write();
    },
    async update(runId: string, patch: Partial<RunRecord>): Promise<RunRecord> {
      const record = find(runId);
      if (!record) throw new AppError('not_found', `No run with id ${runId}.`);
      Object.assign(record, structuredClone(patch), { id: record.id });
      await db.write();
      return structuredClone(record);
    },
    async get(runId: string): Promise<RunRecord | undefined> {
      const record = find(runId);
      return record ? structuredClone(record) : undefined;
    },
    async list(filter: { workspaceId?: string } = {}): Promise<RunRecord[]> {
      const runs = filter.workspaceId === undefined ? db.data.runs : db.data.runs.filter((run) => run.workspaceId === filter.workspaceId);
      return structuredClone(runs).sort((a, b) => b.startedAt - a.startedAt);
    },
    /**
     * Runs still marked running when the index is opened belong to a process that died:
     * they become interrupted, and their folders stay readable.
     */
    async markOrphansInterrupted(): Promise<number> {
      const orphans = db.data.runs.filter((run) => run.status === 'running');
      for (const run of orphans) run.status = 'interrupted';
      if (orphans.length > 0) await db.write();
      return orphans.length;
    },
  };
}
export type RunsRepository = ReturnType<typeof createRunsRepo>;
