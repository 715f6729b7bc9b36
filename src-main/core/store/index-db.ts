import type { BigIntStats } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import { currentIndexVersion, emptyIndex, type IndexData } from './index-schema';
import { persistMigrationFiles } from './migrations/index';
import { withFileLock } from './index-lock';
import { parseIndexText } from './index-load';
import { readOnlyIndex } from './read-only-index';
import { findReadOnly } from './write-failure';

export const indexFileName = 'index.json';

/**
 * The index file shared by every process that opens the same data folder (the app, `llmwb
 * serve`, any number of `llmwb run`). No process trusts its memory: reads follow the file,
 * and every change is applied to a fresh read under a lock.
 */
export interface IndexFile {
  /** The index as last written by any process (re-read when the file changed on disk). Never mutate it. */
  read(): Promise<IndexData>;
  /**
   * lock → re-read the file → `change(data)` → atomic write (temp + rename) → unlock, so
   * concurrent processes never lose each other's rows. `change` may throw to abort; the file
   * is written only when something changed. Resolves with what `change` returned.
   */
  update<T>(change: (data: IndexData) => T): Promise<T>;
  /** Messages for the user about what the store did (a corrupt index moved aside). */
  readonly notices: string[];
}

export interface OpenedIndex {
  index: IndexFile;
  notices: string[];
}

/**
 * Opens the index in `dataDir`: parse → migrate → zod-validate, under the lock. A file that
 * cannot be read is moved aside under a dated name and a fresh index is started, with a notice
 * saying where the old one went — never silently replaced, never fatal to the app.
 */
export async function openIndex(dataDir: string): Promise<OpenedIndex> {
  // A read-only folder is opened for browsing: no lock (it could never be taken), no writes.
  const readOnly = await findReadOnly(dataDir);
  if (!readOnly) await mkdir(dataDir, { recursive: true });
  const index = createIndexFile(join(dataDir, indexFileName));
  if (readOnly) {
    index.notices.push(`${readOnly.message} Its runs can still be browsed.`);
    return { index: readOnlyIndex(index, readOnly), notices: index.notices };
  }
  await index.update(() => undefined);
  return { index, notices: index.notices };
}

type Snapshot = { key: string; data: IndexData };

/** Identity of one version of the file: an atomic rename gives a new inode and times. */
function versionKey(stats: BigIntStats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** The file's text and version, or 'unchanged' when it still has `knownKey`, or undefined when missing. */
async function readVersion(file: string, knownKey: string | undefined): Promise<{ key: string; text: string } | 'unchanged' | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Key and text from one open file, so a rename in between cannot pair new text with an old key.
    const key = versionKey(await handle.stat({ bigint: true }));
    return key === knownKey ? 'unchanged' : { key, text: await handle.readFile('utf8') };
  } finally {
    await handle.close();
  }
}

/** An older index's migration files (migrations/index.ts `persist`), written before the migrated index is. */
async function persistBeforeMigrating(text: string, dataDir: string): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return; // parseIndexText reports it and the file is moved aside
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const version = (raw as Record<string, unknown>).version;
  if (typeof version === 'number' && version >= currentIndexVersion) return;
  await persistMigrationFiles(raw as Record<string, unknown>, { dataDir, target: currentIndexVersion });
}

function createIndexFile(file: string): IndexFile {
  // lowdb's file adapter writes a temp file and renames it over the index (steno), atomically.
  const writer = new JSONFile<IndexData>(file);
  const notices: string[] = [];
  let cached: Snapshot | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  /** Under the lock: the file as it is now; a corrupt one is moved aside and this process's last good view kept. */
  async function loadForWrite(): Promise<{ data: IndexData; isWritten: boolean }> {
    const found = await readVersion(file, undefined);
    const fallback = (): IndexData => (cached ? structuredClone(cached.data) : emptyIndex());
    if (found === undefined || found === 'unchanged') return { data: fallback(), isWritten: false };
    await persistBeforeMigrating(found.text, dirname(file));
    const loaded = parseIndexText(found.text);
    if (loaded.kind === 'ok') return { data: loaded.data, isWritten: !loaded.wasMigrated };
    const aside = join(dirname(file), `index.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await rename(file, aside);
    const kept = cached ? 'this process kept the index as it last read it' : 'a new, empty index was started';
    notices.push(`The workspace index could not be read (${loaded.reason}). It was moved to ${aside} and ${kept}; run folders under runs/ are untouched.`);
    return { data: fallback(), isWritten: false };
  }

  async function applyLocked<T>(change: (data: IndexData) => T, assertHeld: () => void): Promise<T> {
    const { data, isWritten } = await loadForWrite();
    const before = JSON.stringify(data);
    const result = change(data);
    if (!isWritten || JSON.stringify(data) !== before) {
      assertHeld();
      await writer.write(data);
    }
    cached = { key: versionKey(await stat(file, { bigint: true })), data };
    return result;
  }

  return {
    notices,
    async read() {
      const found = await readVersion(file, cached?.key);
      if (found === undefined || found === 'unchanged') return cached?.data ?? emptyIndex();
      const loaded = parseIndexText(found.text);
      // A file that does not parse is left for the next write, which moves it aside under the lock.
      if (loaded.kind === 'ok') cached = { key: found.key, data: loaded.data };
      return cached?.data ?? emptyIndex();
    },
    update<T>(change: (data: IndexData) => T): Promise<T> {
      // One change at a time within this process; the file lock orders them across processes.
      const next = queue.then(() => withFileLock(file, (assertHeld) => applyLocked(change, assertHeld)));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
