import { AppError } from '../../../src-shared/errors';
import { JournalEntry } from '../../../src-shared/schemas/config-journal';
import { artifactFolders } from '../store/artifact-folders';
import { newId } from '../store/ids';

// The entry's schema is shared: the contract returns entries (config.journal, config.apply).
export { JournalEntry } from '../../../src-shared/schemas/config-journal';

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
