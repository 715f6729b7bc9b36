import { createReadStream } from 'node:fs';
import { formatSize, malformedDataset } from './dataset-errors';

export interface FileLine {
  /** 1-based. */
  lineNo: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Without its line end (`\n` or `\r\n`). */
  text: string;
}

export interface LineReaderOptions {
  signal?: AbortSignal;
  /** A line longer than this means the file is not line-based (or is one huge JSON value). */
  maxLineBytes?: number;
  chunkBytes?: number;
}

/**
 * The lines of a file, read in chunks so the file is never held whole. A NUL byte stops the
 * read (a binary file is not a prompt list) and so does an over-long line, each with its line
 * and byte in the error.
 */
export async function* readLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<FileLine> {
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let lineStart = 0;
  let lineNo = 1;
  try {
    for await (const raw of stream) {
      options.signal?.throwIfAborted();
      const chunk = raw as Buffer;
      const nul = chunk.indexOf(0);
      if (nul !== -1) throw binaryFile(path, { chunk, nul, offset, lineNo });
      let from = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, from)) {
        const bytes = pending.length === 0 ? chunk.subarray(from, newline) : Buffer.concat([...pending, chunk.subarray(from, newline)]);
        yield { lineNo, offset: lineStart, text: decodeLine(bytes) };
        pending = [];
        pendingBytes = 0;
        lineNo += 1;
        lineStart = offset + newline + 1;
        from = newline + 1;
      }
      if (from < chunk.length) {
        pending.push(chunk.subarray(from));
        pendingBytes += chunk.length - from;
        if (pendingBytes > maxLineBytes) throw malformedDataset({ path, at: `line ${lineNo} (byte ${lineStart})`, why: `a line longer than ${formatSize(maxLineBytes)}` });
      }
      offset += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  if (pendingBytes > 0) yield { lineNo, offset: lineStart, text: decodeLine(Buffer.concat(pending)) };
}

/** A whole line's bytes: decoding per line keeps multi-byte characters whole across chunks. */
function decodeLine(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** The error for a NUL byte, naming its byte and the line it is on. */
function binaryFile(path: string, at: { chunk: Buffer; nul: number; offset: number; lineNo: number }): Error {
  let line = at.lineNo;
  for (let newline = at.chunk.indexOf(0x0a); newline !== -1 && newline < at.nul; newline = at.chunk.indexOf(0x0a, newline + 1)) line += 1;
  return malformedDataset({ path, at: `byte ${at.offset + at.nul} (line ${line})`, why: 'a NUL byte: this looks like a binary file, not a prompt list' });
}
