import { z } from 'zod';

/**
 * Stable error codes. A code never changes meaning once shipped: the UI and the CLI
 * branch on it, and saved runs record it.
 */
export const errorCodes = [
  'invalid_input',
  'not_found',
  'conflict',
  'unreachable',
  'http_error',
  'timeout',
  'cancelled',
  'store_corrupt',
  /** The disk holding the data folder filled up while writing (ENOSPC, EDQUOT). */
  'disk_full',
  /** The data folder cannot be written (read-only mount, or no write permission). */
  'read_only',
  'auth_failed',
  'host_key_unknown',
  'host_key_changed',
  'remote_command_failed',
  /** The host is held by another experiment (a bench, a run recording telemetry); `details` names it and since when. */
  'host_busy',
  'parse_error',
  'unsupported',
  'internal',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error shape that crosses every transport (IPC, WebSocket, CLI exit). */
export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
  details: z.unknown().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

/** Core throws these; shells serialise them with `toWire` and rebuild them with `fromWire`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  toWire(): AppErrorData {
    const wire: AppErrorData = { code: this.code, message: this.message };
    if (this.hint !== undefined) wire.hint = this.hint;
    if (this.details !== undefined) wire.details = this.details;
    return wire;
  }

  static fromWire(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, { hint: data.hint, details: data.details });
  }
}

/** Wraps anything thrown into an AppError so no shell ever has to guess at an error's shape. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    return new AppError('invalid_input', formatZodIssues(error), { details: error.issues });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', message, { cause: error });
}

/** Every problem at once, one per line, each prefixed by its path: users fix them in one go. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : 'input';
      return `${path}: ${issue.message}`;
    })
    .join('\n');
}
