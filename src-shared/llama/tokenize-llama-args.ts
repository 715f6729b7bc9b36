import { findFlag } from './flag-catalog';
import type { LlamaFlag } from './flag-types';

/** One flag of a command line with the words it took, as written. */
export type ArgToken =
  /** A catalog flag. `value` is its value word (or `--name=value`'s), absent for a bare toggle or a missing value. */
  | { readonly kind: 'flag'; readonly flag: LlamaFlag; readonly spelling: string; readonly value: string | undefined; readonly inline: boolean; readonly words: readonly string[] }
  /** A flag the catalog does not know (a newer build, another server), with the value it seems to take. */
  | { readonly kind: 'unknown'; readonly spelling: string; readonly value: string | undefined; readonly words: readonly string[] }
  /** A word that is not a flag and follows no flag that takes a value. */
  | { readonly kind: 'stray'; readonly words: readonly string[] };

const negativeNumber = /^-\d/;

/** A word that can only be a value: it does not start with `-`, or is a negative number. */
export function isValueWord(word: string): boolean {
  return !word.startsWith('-') || negativeNumber.test(word);
}

/**
 * Splits a llama-server command line (without the executable) into flags, the one place that
 * decides arity: a catalog toggle takes no word, any other catalog flag takes the next word
 * whatever it looks like (llama.cpp does the same, so `-t -1` works and a bare `-fa` swallows the
 * next flag), an unknown flag takes the next word only when it can only be a value. Long forms
 * may be written `--name=value`. Pure; never throws.
 */
export function tokenizeLlamaArgs(argv: readonly string[], catalog?: readonly LlamaFlag[]): ArgToken[] {
  const tokens: ArgToken[] = [];
  let index = 0;
  while (index < argv.length) {
    const token = readToken(argv, index, catalog);
    tokens.push(token);
    index += token.words.length;
  }
  return tokens;
}

function readToken(argv: readonly string[], index: number, catalog: readonly LlamaFlag[] | undefined): ArgToken {
  const arg = argv[index] ?? '';
  if (isValueWord(arg) || arg === '-' || arg === '--') return { kind: 'stray', words: [arg] };
  const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const spelling = equals > 0 ? arg.slice(0, equals) : arg;
  const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
  const next = argv[index + 1];
  const flag = findFlag(spelling, catalog);
  if (flag === undefined) {
    const takesNext = inline === undefined && next !== undefined && isValueWord(next);
    return { kind: 'unknown', spelling, value: inline ?? (takesNext ? next : undefined), words: takesNext ? [arg, next] : [arg] };
  }
  if (inline !== undefined || flag.type === 'toggle' || next === undefined) {
    return { kind: 'flag', flag, spelling, value: inline, inline: inline !== undefined, words: [arg] };
  }
  return { kind: 'flag', flag, spelling, value: next, inline: false, words: [arg, next] };
}
