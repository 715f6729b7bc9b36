import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { AppError } from '../../../src-shared/errors';

const kib = 1024;
const mib = 1024 * kib;
const readChunkBytes = 64 * kib;

/** "64 KiB", "8 MiB": how messages name a cap. */
export function byteSizeLabel(bytes: number): string {
  if (bytes >= mib && bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes >= kib && bytes % kib === 0) return `${bytes / kib} KiB`;
  return `${bytes} bytes`;
}

/** A stream's text, or `too-large` when it passed the cap (nothing of it is kept then). */
export type CappedText = { kind: 'text'; text: string } | { kind: 'too-large' };

/**
 * Decodes a byte stream (a fetch body, a Node stream) as UTF-8, holding at most `maxBytes` plus
 * one chunk. Past the cap it stops and ends the stream: leaving a `for await` early cancels a
 * fetch body and destroys a Node stream, so an endless answer stops arriving.
 */
export async function readCappedText(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<CappedText> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) return { kind: 'too-large' };
    text += decoder.decode(chunk, { stream: true });
  }
  return { kind: 'text', text: text + decoder.decode() };
}

/** What a file read by readCappedFile is, for its messages. */
export interface FileCap {
  /** The file's role, as a message names it: "the identity file". */
  what: string;
  maxBytes: number;
  /** What to do when it is too large. */
  hint: string;
}

/**
 * Reads a small text file that a user or a setting names (an SSH key, known_hosts) without
 * trusting what is there: it must be a regular file (never /dev/zero, a FIFO, a directory) of
 * at most `cap.maxBytes`. Checked by stat before opening and on the open file, and the read
 * stops at maxBytes + 1 bytes, so a file that grows meanwhile is refused too. Undefined when
 * the file does not exist; `invalid_input` naming the file and the cap when it is refused.
 */
export async function readCappedFile(path: string, cap: FileCap): Promise<string | undefined> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  refuseUnlessSmallFile(info, path, cap);
  // O_NONBLOCK: if a FIFO replaced the file since the stat, opening it must not wait for a writer.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    refuseUnlessSmallFile(await handle.stat(), path, cap);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(readChunkBytes, cap.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > cap.maxBytes) throw fileTooLarge(path, cap);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

function refuseUnlessSmallFile(info: Stats, path: string, cap: FileCap): void {
  if (!info.isFile()) {
    throw new AppError('invalid_input', `${cap.what} ${path} is not a regular file (it is ${kindOf(info)}); the workbench reads only regular files here.`, {
      details: { path },
    });
  }
  if (info.size > cap.maxBytes) throw fileTooLarge(path, cap);
}

function fileTooLarge(path: string, cap: FileCap): AppError {
  return new AppError('invalid_input', `${cap.what} ${path} is larger than ${byteSizeLabel(cap.maxBytes)}; the workbench reads at most that.`, {
    hint: cap.hint,
    details: { path, maxBytes: cap.maxBytes },
  });
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a plain file';
}
