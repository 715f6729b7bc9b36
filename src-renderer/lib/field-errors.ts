import { AppError } from '../../src-shared/errors';

/**
 * Turns an `invalid_input` AppError into one message per field, keyed by the issue's path
 * (`load.virtualUsers`, `durationS`). The core's `details` holds the zod issues; when it does
 * not, the message's "path: text" lines (errors.ts formatZodIssues) give the same thing.
 */
export function fieldErrors(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof AppError) || error.code !== 'invalid_input') return out;
  const issues = issuesFromDetails(error.details) ?? issuesFromMessage(error.message);
  for (const { path, message } of issues) {
    if (!out.has(path)) out.set(path, message);
  }
  return out;
}

interface FieldIssue {
  path: string;
  message: string;
}

function issuesFromDetails(details: unknown): FieldIssue[] | null {
  if (!Array.isArray(details)) return null;
  const issues: FieldIssue[] = [];
  for (const item of details) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') continue;
    issues.push({ path: path.map(String).join('.') || 'input', message });
  }
  return issues.length > 0 ? issues : null;
}

function issuesFromMessage(message: string): FieldIssue[] {
  return message.split('\n').flatMap((line) => {
    const match = /^([\w.]+): (.+)$/.exec(line.trim());
    return match ? [{ path: match[1] ?? 'input', message: match[2] ?? line }] : [];
  });
}

/** Messages whose path matches no field on the form: shown together above the buttons. */
export function unclaimedErrors(errors: Map<string, string>, claimed: readonly string[]): string[] {
  return [...errors].filter(([path]) => !claimed.includes(path)).map(([path, message]) => (path === 'input' ? message : `${path}: ${message}`));
}
