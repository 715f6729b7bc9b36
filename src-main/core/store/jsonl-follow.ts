import { open } from 'node:fs/promises';

/**
 * Reads a JSON Lines file that is still being appended to, a batch at a time: each call returns
 * the values of the whole lines written since the last one, keeping its byte offset, so a file
 * watched every second is read once in all rather than once a second. A line still without its
 * newline waits for the next call; a line that is not JSON, or that `accept` turns down, is
 * skipped (jsonl-read.ts counts those for the finished file). A missing file has no lines yet.
 */
export function followJsonl<T>(path: string, accept: (value: unknown) => T | undefined): () => Promise<T[]> {
  let offset = 0;
  return async () => {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size <= offset) return [];
      const buffer = Buffer.allocUnsafe(size - offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      const whole = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      offset += whole;
      return buffer.toString('utf8', 0, whole).split('\n').flatMap((line) => parsed(line, accept));
    } finally {
      await handle.close();
    }
  };
}

function parsed<T>(line: string, accept: (value: unknown) => T | undefined): T[] {
  if (line.trim() === '') return [];
  try {
    const value = accept(JSON.parse(line));
    return value === undefined ? [] : [value];
  } catch {
    return [];
  }
}
