import { AppError } from '../../../src-shared/errors';

/** The first non-blank line of outside text, shortened for a message. */
export function firstLineOf(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed;
}

/**
 * The one error every parser of outside text throws for a format it does not know:
 * `cannot read <tool> output (<why>); first line: "<line>"`, code `parse_error`. Callers
 * turn it into a warning or a problem event; it never crashes a session.
 */
export function cannotRead(tool: string, text: string, why: string): AppError {
  const first = firstLineOf(text);
  return new AppError('parse_error', `cannot read ${tool} output (${why}); first line: "${first}"`, {
    details: { tool, firstLine: first },
  });
}

/**
 * A decimal number as tools print it: sign, digits with an optional point, optional exponent.
 * Each character can be matched one way only (`\d+(?:\.\d*)?`, not `\d+\.?\d*`, whose two digit
 * runs split a digit string n ways and made a 40,000-digit line take 4.9 s), so a test is linear.
 */
export const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number, or null for anything else (`N/A`, `[Not Supported]`, empty). */
export function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (!decimalPattern.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Clamps a percentage into 0–100 (tools round, counters race) or passes null through. */
export function pctOrNull(value: number | null): number | null {
  if (value === null) return null;
  return Math.min(100, Math.max(0, value));
}

/** Parses JSON from a tool, or throws cannotRead naming the tool. */
export function parseToolJson(tool: string, text: string): unknown {
  const start = text.search(/[[{]/);
  if (start === -1) throw cannotRead(tool, text, 'no JSON found');
  try {
    return JSON.parse(text.slice(start));
  } catch {
    throw cannotRead(tool, text, 'malformed JSON');
  }
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
