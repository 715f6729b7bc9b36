import { open } from 'node:fs/promises';
import { toTelemetryFrame, type TelemetryFrame } from '../../../src-shared/schemas/telemetry-frame';
import { TelemetryRecord, type TelemetryGap } from '../../../src-shared/schemas/telemetry-sample';

/** One page of a telemetry.jsonl file, read from a byte offset. */
export interface TelemetryFilePage {
  frames: TelemetryFrame[];
  gaps: TelemetryGap[];
  /** Byte offset of the first line not read; null when the file ended. */
  nextCursor: number | null;
}

const chunkBytes = 1 << 20;

/**
 * Reads up to `limit` samples (as frames) and every gap among them from `path`, starting at
 * byte `cursor`, without reading the whole file: an hour of 256 threads is ~90 MB of JSON.
 * A line that does not parse (torn by a crash, or from another version) is skipped, and so is
 * a last line still without its newline (being written). Missing file: an empty last page.
 */
export async function readTelemetryPage(path: string, options: { cursor: number; limit: number }): Promise<TelemetryFilePage> {
  const page: TelemetryFilePage = { frames: [], gaps: [], nextCursor: null };
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return page;
    throw error;
  }
  try {
    let position = options.cursor;
    let carry = Buffer.alloc(0);
    // One read buffer for the whole page: Buffer.concat copies out of it, so reuse is safe.
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) return page;
      const data = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
      const start = position - carry.length;
      position += bytesRead;
      const consumed = takeLines(data, page, options.limit);
      if (page.frames.length >= options.limit) {
        page.nextCursor = start + consumed;
        return page;
      }
      carry = data.subarray(consumed);
    }
  } finally {
    await handle.close();
  }
}

/** Parses whole lines of `data` into `page` until `limit` frames; returns the bytes consumed. */
function takeLines(data: Buffer, page: TelemetryFilePage, limit: number): number {
  let offset = 0;
  for (;;) {
    const end = data.indexOf(0x0a, offset);
    if (end === -1) return offset;
    addLine(data.toString('utf8', offset, end), page);
    offset = end + 1;
    if (page.frames.length >= limit) return offset;
  }
}

function addLine(line: string, page: TelemetryFilePage): void {
  if (line.trim() === '') return;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return;
  }
  const parsed = TelemetryRecord.safeParse(raw);
  if (!parsed.success) return;
  if (parsed.data.kind === 'gap') page.gaps.push(parsed.data);
  else page.frames.push(toTelemetryFrame(parsed.data));
}
