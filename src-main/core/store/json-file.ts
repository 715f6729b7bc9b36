import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `value` as pretty JSON to `path` through `<path>.tmp` and a rename, so a reader sees the
 * old file or the new one, never half of one. On failure (a full disk, say) the temp file is
 * removed before the error is rethrown, so no zero-byte `*.tmp` is left in the user's folder.
 */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(value, null, 2) + '\n', 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
