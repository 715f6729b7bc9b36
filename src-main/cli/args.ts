import { AppError } from '../../src-shared/errors';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface ParsedArgs {
  /** Values by long name (without dashes); repeated options keep every value in order. */
  values: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

/**
 * A small argv reader shared by the commands: `--name value`, `--name=value`, boolean
 * `--name` for names listed in `booleans`, and positionals. Unknown options are collected
 * and reported together, so a user fixes every mistake in one go.
 */
export function parseArgs(argv: readonly string[], spec: { options: readonly string[]; booleans?: readonly string[]; aliases?: Record<string, string> }): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = splitInline(arg);
    const name = spec.aliases?.[rawName] ?? rawName.replace(/^--?/, '');
    if (spec.booleans?.includes(name)) {
      flags.add(name);
    } else if (spec.options.includes(name)) {
      const value = inline ?? argv[index + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) problems.push(`${rawName} needs a value`);
      else values.set(name, [...(values.get(name) ?? []), value]);
      if (inline === undefined) index += 1;
    } else {
      problems.push(`unknown option ${rawName}`);
    }
  }
  if (problems.length > 0) throw new AppError('invalid_input', problems.join('\n'));
  return { values, flags, positionals };
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals > 0 && arg.startsWith('--') ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

/** The last value given for an option (later ones win, as in most CLIs). */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  return list?.[list.length - 1];
}

/** Parses a whole number or reports which option held what. */
export function parseIntegerOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new AppError('invalid_input', `--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/**
 * Splits argv into a command's own `--long` options and the words it passes on to another
 * program that keeps its own syntax (llama-bench's `-t 4,8`, llama-server's `-np 4`): an own
 * value option takes the next word unless written `--name=value`; everything else passes on.
 */
export function splitOwnArgs(argv: readonly string[], own: { options: readonly string[]; booleans: readonly string[] }): { own: string[]; rest: string[] } {
  const mine: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    if (own.options.includes(name)) {
      mine.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) mine.push(argv[++i]!);
    } else if (own.booleans.includes(name)) mine.push(arg);
    else rest.push(arg);
  }
  return { own: mine, rest };
}
