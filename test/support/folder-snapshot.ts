import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under a folder with its size, mtime and SHA-256, keyed by relative path. */
export async function snapshotFolder(root: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await stat(path);
        const hash = createHash('sha256').update(await readFile(path)).digest('hex');
        snapshot[relative(root, path)] = `${info.size} bytes, mtime ${info.mtimeMs}, sha256 ${hash}`;
      }
    }
  };
  await walk(root);
  return snapshot;
}
