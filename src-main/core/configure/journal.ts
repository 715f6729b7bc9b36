import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { EpochMs, Id } from '../../../src-shared/schemas/ids';
import { ServerConfig } from '../../../src-shared/schemas/server-config';
import { artifactFolders } from '../store/artifact-folders';
import { newId } from '../store/ids';

const StepRecord = z.object({
  step: z.enum(['process', 'health', 'props', 'canary', 'snapshot', 'arm', 'restart', 'confirm', 'rollback']),
  state: z.enum(['started', 'passed', 'failed']),
  detail: z.string().optional(),
  atMs: EpochMs,
});

const Explanation = z.object({ kind: z.string(), line: z.string(), explanation: z.string() });

/**
 * One apply of a configuration, as the journal keeps it: what ran before and what was asked,
 * who asked and when, every step's evidence, the outcome, and the server's log when it failed.
 * `applying` is written before anything restarts, so `before` is also the local snapshot of the
 * last-known-good configuration; a workbench killed mid-apply leaves an entry saying so.
 */
export const JournalEntry = z.object({
  id: Id,
  workspaceId: Id,
  endpointId: Id.optional(),
  launchKind: z.string(),
  /** The user and machine that applied it (`alice@laptop`). */
  by: z.string(),
  startedAt: EpochMs,
  finishedAt: EpochMs.optional(),
  before: ServerConfig,
  after: ServerConfig,
  /** The entry re-applied ("roll back to this"), when this apply was one. */
  reappliedFrom: Id.optional(),
  result: z.enum(['applying', 'applied', 'rolled_back', 'rollback_failed', 'cancelled']),
  steps: z.array(StepRecord).default([]),
  clamped: z.array(z.object({ key: z.string(), asked: z.unknown(), effective: z.unknown() })).default([]),
  failure: z.object({ step: z.string(), reason: z.string(), explanations: z.array(Explanation).default([]) }).optional(),
  logExcerpt: z.array(z.string()).default([]),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

const entryFile = 'journal-entry.json';

/** The configuration journal of one workspace: one folder per entry under `<dataDir>/configs/`. */
export interface ConfigJournal {
  /** Starts an entry (result `applying`) and writes it before returning. */
  begin(entry: Omit<JournalEntry, 'id' | 'result' | 'steps' | 'clamped' | 'logExcerpt'>): Promise<JournalEntry>;
  /** Rewrites an entry with `patch` merged in (atomically). */
  update(id: string, patch: Partial<Omit<JournalEntry, 'id' | 'workspaceId'>>): Promise<JournalEntry>;
  /** The entry, or not_found (also for another workspace's entry). */
  get(id: string): Promise<JournalEntry>;
  /** This workspace's entries, newest first. */
  list(): Promise<JournalEntry[]>;
}

/**
 * The journal of every apply in a workspace, as JSON files in the data folder (the store's
 * `configs` artifact folders), each written atomically (temp file + rename). Entries of other
 * workspaces share the folder and are never listed or returned here.
 */
export function createConfigJournal(options: { dataDir: string; workspaceId: string }): ConfigJournal {
  const folders = artifactFolders(options.dataDir, 'configs');
  const read = async (id: string): Promise<JournalEntry | undefined> => {
    const entry = await folders.readJson(id, entryFile, JournalEntry);
    return entry?.workspaceId === options.workspaceId ? entry : undefined;
  };
  const get = async (id: string): Promise<JournalEntry> => {
    const entry = await read(id);
    if (entry === undefined) throw new AppError('not_found', `no configuration journal entry ${id} in this workspace`);
    return entry;
  };
  return {
    async begin(start) {
      if (start.workspaceId !== options.workspaceId) throw new AppError('invalid_input', 'a journal entry belongs to the journal\'s workspace');
      const entry = JournalEntry.parse({ ...start, id: newId('cfg-'), result: 'applying' });
      await folders.writeJson(entry.id, entryFile, entry);
      return entry;
    },
    async update(id, patch) {
      const entry = JournalEntry.parse({ ...(await get(id)), ...patch });
      await folders.writeJson(id, entryFile, entry);
      return entry;
    },
    get,
    async list() {
      const ids = await folders.list();
      const entries = await Promise.all(ids.map(read));
      return entries.filter((entry): entry is JournalEntry => entry !== undefined).reverse();
    },
  };
}
