import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists } from './read-if-exists';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { formatZodIssues } from '../../../src-shared/errors';
import { currentIndexVersion, emptyIndex, IndexData } from './index-schema';
import { migrateIndex } from './migrations/index';

export const indexFileName = 'index.json';

export interface OpenedIndex {
  db: Low<IndexData>;
  /** Messages for the user about what happened while opening (a corrupt index moved aside). */
  notices: string[];
}

/**
 * Opens the lowdb index in `dataDir`: parse → migrate → zod-validate. A file that cannot be
 * read is moved aside under a dated name and a fresh index is started, with a notice saying
 * where the old one went — never silently replaced, never fatal to the app.
 *
 * `new Low(new JSONFile())` rather than `JSONFilePreset`: the preset switches to memory under
 * NODE_ENV=test, which would make the store tests test nothing.
 */
export async function openIndex(dataDir: string): Promise<OpenedIndex> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, indexFileName);
  const notices: string[] = [];
  let data: IndexData;
  const loaded = await loadIndexFile(file);
  if (loaded.kind === 'ok') {
    data = loaded.data;
  } else if (loaded.kind === 'missing') {
    data = emptyIndex();
  } else {
    const aside = join(dataDir, `index.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await rename(file, aside);
    notices.push(`The workspace index could not be read (${loaded.reason}). It was moved to ${aside} and a new, empty index was started; run folders under runs/ are untouched.`);
    data = emptyIndex();
  }
  const db = new Low<IndexData>(new JSONFile<IndexData>(file), data);
  db.data = data;
  await db.write();
  return { db, notices };
}

type LoadResult = { kind: 'ok'; data: IndexData } | { kind: 'missing' } | { kind: 'corrupt'; reason: string };

async function loadIndexFile(file: string): Promise<LoadResult> {
  const text = await readTextIfExists(file);
  if (text === undefined) return { kind: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { kind: 'corrupt', reason: 'the top level is not a JSON object' };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateIndex(raw as Record<string, unknown>, currentIndexVersion);
  } catch (error) {
    return { kind: 'corrupt', reason: (error as Error).message };
  }
  const parsed = IndexData.safeParse(migrated);
  if (!parsed.success) return { kind: 'corrupt', reason: `unexpected content: ${formatZodIssues(parsed.error).split('\n')[0]}` };
  return { kind: 'ok', data: parsed.data };
}
