import { migrate000to001 } from './001-initial';
import { migrate001to002 } from './002-host-spec';

/** One step from version N to N+1; pure, so each is tested on a stored sample. */
export interface Migration {
  from: number;
  to: number;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

export const migrations: readonly Migration[] = [migrate000to001, migrate001to002];

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
