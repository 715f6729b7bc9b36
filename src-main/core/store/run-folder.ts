import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists } from './read-if-exists';

/** The files of one run (DESIGN.md "A run on disk"). summary.json is written last. */
export const runFiles = {
  plan: 'plan.json',
  requests: 'requests.jsonl',
  series: 'series.jsonl',
  server: 'server.jsonl',
  telemetry: 'telemetry.jsonl',
  summary: 'summary.json',
} as const;
export type RunFileName = keyof typeof runFiles;
export type JsonlFile = 'requests' | 'series' | 'server' | 'telemetry';

/**
 * Append-only writer for one run folder. Appends are serialised per folder so lines never
 * interleave; each batch lands in one write, so a crash loses at most the last batch.
 */
export class RunFolder {
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(readonly dir: string) {}

  static async create(runsDir: string, runId: string): Promise<RunFolder> {
    const dir = join(runsDir, runId);
    await mkdir(dir, { recursive: true });
    return new RunFolder(dir);
  }

  path(file: RunFileName): string {
    return join(this.dir, runFiles[file]);
  }

  /** Queue records for appending as JSON Lines; never blocks the caller. */
  append(file: JsonlFile, records: readonly unknown[]): void {
    if (records.length === 0) return;
    const text = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
    this.enqueue(() => appendFile(this.path(file), text, 'utf8'));
  }

  /** Write a whole JSON file atomically (temp file + rename), after every queued append. */
  writeJson(file: 'plan' | 'summary', value: unknown): Promise<void> {
    const target = this.path(file);
    return this.enqueue(async () => {
      await writeFile(`${target}.tmp`, JSON.stringify(value, null, 2) + '\n', 'utf8');
      await rename(`${target}.tmp`, target);
    });
  }

  /** Resolves when every queued write has landed; rejects with the first write error. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.queue.then(write).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
    this.queue = next;
    return next;
  }
}

/** Reads a JSON Lines file; a torn last line (crash mid-write) is skipped, not fatal. */
export async function readJsonl(path: string): Promise<unknown[]> {
  const text = await readTextIfExists(path);
  if (text === undefined) return [];
  const records: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // Only the line being written when the process died can be torn.
    }
  }
  return records;
}
