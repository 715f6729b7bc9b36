import { formatZodIssues } from '../../../src-shared/errors';
import { currentIndexVersion, IndexData } from './index-schema';
import { migrateIndex } from './migrations/index';

export type LoadResult = { kind: 'ok'; data: IndexData; wasMigrated: boolean } | { kind: 'corrupt'; reason: string };

/** The index file's text → parse → migrate → zod-validate; never throws on what the file holds. */
export function parseIndexText(text: string): LoadResult {
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
  return { kind: 'ok', data: parsed.data, wasMigrated: (raw as Record<string, unknown>).version !== currentIndexVersion };
}
