import { basename } from 'node:path';
import { readTextIfExists } from './read-if-exists';

/**
 * Counts the lines of one JSON Lines file that could not be used, so readers report them
 * instead of dropping them silently. A bad *last* line is told apart: it is what a crash or a
 * full disk in the middle of a write leaves, and is expected; bad lines before it are not.
 */
export class JsonlTally {
  private unreadable = 0;
  private isLastLineTorn = false;

  constructor(readonly fileName: string) {}

  /** The line's JSON value, or undefined when the line is blank (ignored) or not JSON (counted). */
  parse(line: string): unknown {
    if (line.trim() === '') return undefined;
    try {
      const value = JSON.parse(line) as unknown;
      this.isLastLineTorn = false;
      return value;
    } catch {
      this.unreadable += 1;
      this.isLastLineTorn = true;
      return undefined;
    }
  }

  /** Counts a line that parsed as JSON but is not a record of the expected shape: whole, so not torn. */
  reject(): void {
    this.unreadable += 1;
    this.isLastLineTorn = false;
  }

  get counts(): { unreadable: number; isLastLineTorn: boolean } {
    return { unreadable: this.unreadable, isLastLineTorn: this.isLastLineTorn };
  }

  /** One sentence for the user, or undefined when every line was read. */
  notice(): string | undefined {
    const middle = this.unreadable - (this.isLastLineTorn ? 1 : 0);
    const skipped = `${middle} unreadable line${middle === 1 ? '' : 's'} skipped in ${this.fileName}`;
    const torn = 'cut off mid-write (normal after a crash or a full disk) and skipped';
    if (middle > 0 && this.isLastLineTorn) return `${skipped}; its last line was also ${torn}.`;
    if (middle > 0) return `${skipped}.`;
    if (this.isLastLineTorn) return `The last line of ${this.fileName} was ${torn}.`;
    return undefined;
  }
}

export interface JsonlContent<T> {
  records: T[];
  /** Lines skipped, the torn last line included. */
  unreadable: number;
  /** Set when some line was skipped: what to tell the user. */
  notice?: string;
}

/**
 * Reads a whole JSON Lines file (a missing file has no records). Lines that are not JSON, or
 * that `accept` turns down (returns undefined), are skipped and counted in `unreadable` and
 * `notice`. For files that may be large, stream them through a JsonlTally instead.
 */
export async function readJsonlFile<T = unknown>(path: string, accept: (value: unknown) => T | undefined = (value) => value as T): Promise<JsonlContent<T>> {
  const text = await readTextIfExists(path);
  const tally = new JsonlTally(basename(path));
  const records: T[] = [];
  for (const line of (text ?? '').split('\n')) {
    const value = tally.parse(line);
    if (value === undefined) continue;
    const record = accept(value);
    if (record === undefined) tally.reject();
    else records.push(record);
  }
  const notice = tally.notice();
  return { records, unreadable: tally.counts.unreadable, ...(notice === undefined ? {} : { notice }) };
}
