import { appendFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppError } from '../../../src-shared/errors';
import { writeJsonAtomically } from './json-file';
import { readJsonlFile } from './jsonl-read';
import { cutToLastWholeLine, describeWriteFailure, findReadOnly } from './write-failure';

/** The files of one run (DESIGN.md "A run on disk"). summary.json is written last. */
export const runFiles = {
  plan: 'plan.json',
  requests: 'requests.jsonl',
  series: 'series.jsonl',
  server: 'server.jsonl',
  telemetry: 'telemetry.jsonl',
  summary: 'summary.json',
  /** What the record holds beyond plan.json and summary.json (run-record-file.ts); written by the runs repository. */
  record: 'record.json',
} as const;
export type RunFileName = keyof typeof runFiles;
export type JsonlFile = 'requests' | 'series' | 'server' | 'telemetry';

/**
 * Space set aside in a live run's folder (`.reserve`) and given back when the run ends, so
 * that a disk the run itself filled still takes summary.json and the index's final row.
 */
export const runReserveBytes = 64 * 1024;
const reserveFileName = '.reserve';

/** Removes a run folder's reserve, if any: at a run's end, or after its process was killed. */
export async function releaseRunReserve(runDir: string): Promise<void> {
  await rm(join(runDir, reserveFileName), { force: true }).catch(() => undefined);
}

/**
 * Append-only writer for one run folder. Appends are serialised per folder so lines never
 * interleave; each batch lands in one write, so a crash loses at most the last batch.
 *
 * The first failed write (a full or read-only disk) is kept as `failure`, reported once to
 * `onFailure` listeners, and every later append is dropped and counted instead of written:
 * a file never gets a gap in its middle. A batch that was written in part is cut back to its
 * last whole line, so no file ends in a torn line.
 */
export class RunFolder {
  private queue: Promise<void> = Promise.resolve();
  private firstFailure: AppError | undefined;
  private readonly listeners: Array<(failure: AppError) => void> = [];
  /** Bytes each file had after our last append (read from disk before the first). */
  private readonly sizes = new Map<JsonlFile, number>();
  private readonly lost = new Map<JsonlFile, number>();

  /** `dataDir` is the data folder a read-only error blames; by default the one holding runs/<id>. */
  constructor(
    readonly dir: string,
    private readonly dataDir = dirname(dirname(dir)),
  ) {}

  /** Creates the folder; a read-only data folder is named as such (a recursive mkdir there says ENOENT). */
  static async create(runsDir: string, runId: string): Promise<RunFolder> {
    const dir = join(runsDir, runId);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw (await findReadOnly(dirname(runsDir))) ?? describeWriteFailure(error, { file: dir, dataDir: dirname(runsDir) });
    }
    return new RunFolder(dir);
  }

  path(file: RunFileName): string {
    return join(this.dir, runFiles[file]);
  }

  /** The first write that failed, described for the user (disk_full, read_only or internal). */
  get failure(): AppError | undefined {
    return this.firstFailure;
  }

  /** Called once, on the first failed write, so the owner can stop producing data at once. */
  onFailure(listener: (failure: AppError) => void): void {
    this.listeners.push(listener);
  }

  /** Records that were measured but are not in `file` because a write failed. */
  lostRecords(file: JsonlFile): number {
    return this.lost.get(file) ?? 0;
  }

  /** Queue records for appending as JSON Lines; never blocks the caller. */
  append(file: JsonlFile, records: readonly unknown[]): void {
    if (records.length === 0) return;
    const text = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
    void this.enqueue(this.path(file), async () => {
      if (this.firstFailure) {
        this.addLost(file, records.length);
        return;
      }
      await this.appendWhole(file, text, records.length);
    }).catch(() => undefined);
  }

  /**
   * Write a whole JSON file atomically (temp file + rename), after every queued append. Rejects
   * with the described error (the temp file removed); the first failure is also kept for `flush`.
   */
  writeJson(file: 'plan' | 'summary', value: unknown): Promise<void> {
    const target = this.path(file);
    return this.enqueue(target, () => writeJsonAtomically(target, value));
  }

  /** Sets `runReserveBytes` aside (see there). Fails with disk_full when even that does not fit. */
  reserve(): Promise<void> {
    const path = join(this.dir, reserveFileName);
    return this.enqueue(path, async () => {
      try {
        await writeFile(path, Buffer.alloc(runReserveBytes));
      } catch (error) {
        await rm(path, { force: true }).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Gives the reserved space back (before the last writes of a run); safe to call twice. */
  releaseReserve(): Promise<void> {
    return releaseRunReserve(this.dir);
  }

  /** Resolves when every queued write has landed; rejects with the first write error. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.firstFailure) throw this.firstFailure;
  }

  /** Appends `text`; on failure cuts the file to its last whole line and counts the records lost. */
  private async appendWhole(file: JsonlFile, text: string, count: number): Promise<void> {
    const path = this.path(file);
    const before = this.sizes.get(file) ?? (await sizeOf(path));
    try {
      await appendFile(path, text, 'utf8');
      this.sizes.set(file, before + Buffer.byteLength(text));
    } catch (error) {
      const kept = await cutToLastWholeLine(path).catch(() => before);
      this.addLost(file, count - countNewlines(Buffer.from(text).subarray(0, Math.max(0, kept - before))));
      throw error;
    }
  }

  private addLost(file: JsonlFile, count: number): void {
    this.lost.set(file, this.lostRecords(file) + count);
  }

  private enqueue(file: string, write: () => Promise<void>): Promise<void> {
    const next = this.queue.then(write).catch((error: unknown) => {
      const described = describeWriteFailure(error, { file, dataDir: this.dataDir });
      if (!this.firstFailure) {
        this.firstFailure = described;
        for (const listener of this.listeners) listener(described);
      }
      throw described;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count += 1;
  return count;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Reads a JSON Lines file's records. Lines that do not parse are skipped, never fatal; use
 * readJsonlFile (jsonl-read.ts) where the count of skipped lines is to be reported.
 */
export async function readJsonl(path: string): Promise<unknown[]> {
  return (await readJsonlFile(path)).records;
}
