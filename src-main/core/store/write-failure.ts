import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../src-shared/errors';

const diskFullCodes = new Set(['ENOSPC', 'EDQUOT']);
const readOnlyCodes = new Set(['EROFS', 'EACCES', 'EPERM']);

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for the errors that mean "this folder cannot take more data": a full disk or a read-only one. */
export function isStorageFailure(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'disk_full' || error.code === 'read_only');
}

/**
 * Names a failed write for a user: a full disk blames the disk, a read-only folder blames the
 * data folder (not the file the program happened to be writing), anything else says which file.
 * `details` keeps the file and the errno so the UI and tests need not parse the message.
 */
export function describeWriteFailure(error: unknown, where: { file: string; dataDir: string }): AppError {
  if (error instanceof AppError) return error;
  const code = errnoOf(error);
  const details = { file: where.file, errno: code };
  if (code !== undefined && diskFullCodes.has(code)) {
    return new AppError('disk_full', `disk full while writing ${where.file} (${code}: ${systemText(error)})`, {
      hint: `Free space on the disk that holds ${where.dataDir}, or choose another data folder (--data-dir).`,
      details,
      cause: error,
    });
  }
  if (code !== undefined && readOnlyCodes.has(code)) return readOnlyError(where.dataDir, { code, file: where.file, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `failed writing ${where.file}: ${message}`, { details, cause: error });
}

function readOnlyError(dataDir: string, reason: { code: string; file?: string; cause?: unknown }): AppError {
  const who = reason.code === 'EROFS' ? '' : ' to this user';
  const what = reason.file === undefined ? 'nothing can be saved there' : `${reason.file} could not be written`;
  return new AppError('read_only', `The data folder ${dataDir} is read-only${who} (${reason.code}); ${what}.`, {
    hint: 'Runs already in it can still be browsed. To record new ones, make it writable or choose another data folder (--data-dir).',
    details: { file: reason.file, errno: reason.code },
    cause: reason.cause,
  });
}

/** "no space left on device" out of Node's "ENOSPC: no space left on device, write". */
function systemText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[A-Z]+: /, '').split(',')[0] ?? message;
}

/**
 * Resolves with a read_only AppError when `dataDir` (or, while it does not exist yet, its
 * nearest existing parent) cannot be written by this process, else undefined. Needed because
 * a recursive mkdir on a read-only mount reports ENOENT, which would blame the wrong thing.
 */
export async function findReadOnly(dataDir: string): Promise<AppError | undefined> {
  let dir = dataDir;
  for (;;) {
    try {
      await access(dir, constants.W_OK);
      return undefined;
    } catch (error) {
      const code = errnoOf(error);
      if (code !== 'ENOENT' || dirname(dir) === dir) return code !== undefined && readOnlyCodes.has(code) ? readOnlyError(dataDir, { code }) : undefined;
      dir = dirname(dir);
    }
  }
}

/**
 * Cuts a file back to the end of its last whole line, after a failed append that may have
 * written part of its buffer (Node's appendFile writes in a loop). Resolves with the size kept;
 * a missing file keeps 0. Reads backwards in chunks, so a large file is not read whole.
 */
export async function cutToLastWholeLine(path: string): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 0;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep < size) await handle.truncate(keep);
        return keep;
      }
      end = start;
    }
    if (size > 0) await handle.truncate(0);
    return 0;
  } finally {
    await handle.close();
  }
}
