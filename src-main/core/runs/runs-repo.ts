import { AppError } from '../../../src-shared/errors';
import type { RunRecord } from '../../../src-shared/schemas/run-result';

/**
 * The run index as the run service needs it. The store's lowdb repository implements it in
 * the app; tests use the in-memory one below. Records go in and come out as copies.
 */
export interface RunsRepo {
  insert(record: RunRecord): Promise<void>;
  update(id: string, patch: Partial<RunRecord>): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter: { workspaceId?: string }): Promise<RunRecord[]>;
}

/** An in-memory RunsRepo with the same contract (conflict on a duplicate id, not_found on update). */
export function createMemoryRunsRepo(): RunsRepo {
  const records = new Map<string, RunRecord>();
  return {
    async insert(record) {
      if (records.has(record.id)) throw new AppError('conflict', `A run with id ${record.id} already exists.`);
      records.set(record.id, structuredClone(record));
    },
    async update(id, patch) {
      const current = records.get(id);
      if (!current) throw new AppError('not_found', `No run with id ${id}.`);
      const next = { ...current, ...structuredClone(patch), id };
      records.set(id, next);
      return structuredClone(next);
    },
    async get(id) {
      const record = records.get(id);
      return record ? structuredClone(record) : undefined;
    },
    async list(filter) {
      const all = [...records.values()].filter((record) => filter.workspaceId === undefined || record.workspaceId === filter.workspaceId);
      return structuredClone(all).sort((a, b) => b.startedAt - a.startedAt);
    },
  };
}
