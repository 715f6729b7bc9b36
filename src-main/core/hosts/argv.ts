import { AppError } from '../../../src-shared/errors';

/** Characters that mean nothing to a POSIX shell, so a word made only of them needs no quotes. */
const plainWord = /^[A-Za-z0-9_\-+=.,/:@%^]+$/;

/**
 * THE quoting function: turns an argv array into one POSIX `sh` command line that runs
 * exactly that argv. Every user or host value that reaches a remote shell goes through here;
 * nothing else in the code base builds shell strings from values.
 *
 * Guarantees: each element becomes exactly one word, byte for byte (single quotes, with `'`
 * written as `'\''`), so `;`, `$()`, backticks, globs, newlines and leading `-` stay literal.
 * Throws `invalid_input` for an empty argv or a NUL byte, which no argv can carry.
 */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new AppError('invalid_input', 'a command needs at least one word');
  return argv.map(quoteWord).join(' ');
}

/** Quotes one word for POSIX sh (see quoteArgv). */
export function quoteWord(word: string): string {
  if (word.includes('\0')) {
    throw new AppError('invalid_input', 'a command word cannot hold a NUL byte', { details: { word } });
  }
  if (plainWord.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds the argv that runs a fixed POSIX sh script with positional parameters:
 * `sh -c SCRIPT NAME ARG1 ARG2 …`. The script is a constant of this code base; values reach
 * it only as `$1`, `$2`, …, so they are never parsed as shell syntax.
 */
export function shScriptArgv(script: string, name: string, args: readonly string[] = []): string[] {
  return ['sh', '-c', script, name, ...args];
}
