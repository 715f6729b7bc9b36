import { basename } from 'node:path';
import { AppError } from '../../../src-shared/errors';

/**
 * The error for a dataset file that cannot be read as a whole (as opposed to one malformed
 * entry, which is skipped and counted): it names the file and the byte or line where reading
 * stopped, so the user can open the file right there.
 */
export function malformedDataset(options: { path: string; at: string; why: string; hint?: string }): AppError {
  return new AppError('parse_error', `cannot read dataset ${basename(options.path)}: ${options.why} at ${options.at}`, {
    ...(options.hint === undefined ? {} : { hint: options.hint }),
    details: { path: options.path, at: options.at },
  });
}

/** A missing or unreadable file, said in the user's terms rather than as an errno. */
export function unreadableDataset(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppError('not_found', `No dataset file at ${path}.`);
  if (code === 'EISDIR') return new AppError('invalid_input', `${path} is a folder, not a dataset file.`);
  if (code === 'EACCES') return new AppError('invalid_input', `${path} cannot be read (permission denied).`);
  return new AppError('internal', `Reading ${path} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Describes one byte for a message: printable ASCII as itself, anything else as hex. */
export function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the file';
  if (byte >= 0x21 && byte <= 0x7e) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** Our own errors pass through; a cancelled import says so; anything else is a read failure. */
export function readFailure(path: string, error: unknown, signal: AbortSignal | undefined): AppError {
  if (error instanceof AppError) return error;
  if (signal?.aborted) return new AppError('cancelled', `Reading ${path} was cancelled.`);
  return unreadableDataset(path, error);
}

/** A byte size for a message: "64 MB", "16 KB", "900 bytes". */
export function formatSize(bytes: number): string {
  if (bytes >= 1048576) return `${Math.round(bytes / 1048576)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
