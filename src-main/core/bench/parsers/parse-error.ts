import { AppError } from '../../../../src-shared/errors';

const hint =
  'Import what llama-bench prints on stdout with -o json, jsonl, csv, sql or md (the default), ' +
  'or a markdown table copied from its output.';

/** Quotes a line for an error message: trimmed, and cut to a readable length. */
export function quoteLine(line: string): string {
  const trimmed = line.trim();
  return JSON.stringify(trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed);
}

/** The first line with text in it, for messages that say what the input looked like. */
export function firstTextLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}

/**
 * The one error every llama-bench parser throws: "cannot read llama-bench output: …", a
 * `parse_error` that the CLI and UI show as is. Parsers never let a raw exception escape.
 */
export function benchParseError(reason: string, details?: unknown): AppError {
  return new AppError('parse_error', `cannot read llama-bench output: ${reason}`, { hint, details });
}
