import { AppError } from '../../../src-shared/errors';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { toRunRow, type RunRow } from '../../../src-shared/schemas/run-row';

/**
 * The run index as the run service needs it. The store's lowdb repository implements it in
 * the app; tests use the in-memory one below. Whole records go in (the run service writes
 * plan.json and summary.json itself) and come out of `get` as copies; `list` gives thin rows.
 */
export interface RunsRepo {
  insert(record: RunRecord): Promise<void>;
  update(id: string, patch: Partial<RunRecord>): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first, as thin rows (ids, status, load, headline figures): cheap for any number of runs. */
  list(filter: { workspaceId?: string }): Promise<RunRow[]>;
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
      return all.map(toRunRow).sort((a, b) => b.startedAt - a.startedAt);
    },
  };
}
