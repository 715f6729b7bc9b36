import { migrate000to001 } from './001-initial';
import { migrate001to002 } from './002-host-spec';
import { migrate002to003 } from './003-thin-runs';

/** One step from version N to N+1; `migrate` is pure, so each is tested on a stored sample. */
export interface Migration {
  from: number;
  to: number;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
  /**
   * Files the new index relies on, written from the old one (`raw`, at version `from`) into the
   * data folder before the migrated index is written. Idempotent: a process killed after it and
   * before the index write runs it again on the same old index.
   */
  persist?(raw: Record<string, unknown>, dataDir: string): Promise<void>;
}

export const migrations: readonly Migration[] = [migrate000to001, migrate001to002, migrate002to003];

/** Applies every step from the file's version up to `target`, in order. */
export function migrateIndex(raw: Record<string, unknown>, target: number): Record<string, unknown> {
  let data = raw;
  let version = typeof data.version === 'number' ? data.version : 0;
  if (version > target) {
    throw new Error(`the index was written by a newer LLM Workbench (index version ${version}, this build reads up to ${target})`);
  }
  while (version < target) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) throw new Error(`no migration from index version ${version}`);
    data = step.migrate(data);
    version = step.to;
  }
  return data;
}

/**
 * Runs every step's `persist` from the file's version up to `target`, each on the index as it
 * stands at that step. Called under the index lock before a migrated index is written; a
 * failure is thrown, so the old index is never replaced by rows whose files were not written.
 */
export async function persistMigrationFiles(raw: Record<string, unknown>, options: { dataDir: string; target: number }): Promise<void> {
  let data = raw;
  let version = typeof data.version === 'number' ? data.version : 0;
  while (version < options.target) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) return;
    await step.persist?.(data, options.dataDir);
    data = step.migrate(data);
    version = step.to;
  }
}
