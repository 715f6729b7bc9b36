import { findFlag, llamaFlagCatalog, removedLlamaFlags } from './flag-catalog';
import type { ArgProblem, FlagSource, FlagValue, LlamaArgsResult, LlamaFlag } from './flag-types';
import { coerceFlagValue } from './parse-flag-value';

export interface ParseLlamaArgsOptions {
  /** Environment variables to read for flags not on the command line (pass `process.env` from a shell). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The catalog to parse against; defaults to llama-server's. The demo passes its extended copy. */
  readonly catalog?: readonly LlamaFlag[];
}

interface ParseState {
  readonly catalog: readonly LlamaFlag[];
  readonly values: Record<string, FlagValue>;
  readonly sources: Record<string, FlagSource>;
  readonly problems: ArgProblem[];
  readonly warnings: string[];
}

/**
 * Parses a llama-server command line the way llama.cpp does (the last occurrence wins, the command
 * line wins over `LLAMA_ARG_*` variables, multi-letter short forms such as `-np` and `-ub`), but
 * collects every problem instead of stopping at the first, so a user fixes them in one go.
 * `--name=value` is accepted for long forms as a convenience. Pure: no Node, no I/O.
 */
export function parseLlamaArgs(argv: readonly string[], options: ParseLlamaArgsOptions = {}): LlamaArgsResult {
  const state: ParseState = {
    catalog: options.catalog ?? llamaFlagCatalog,
    values: {},
    sources: {},
    problems: [],
    warnings: [],
  };
  readArgv(argv, state);
  readEnv(options.env ?? {}, state);
  if (state.problems.length > 0) return { ok: false, problems: state.problems, values: state.values };
  return { ok: true, values: state.values, sources: state.sources, warnings: state.warnings };
}

function readArgv(argv: readonly string[], state: ParseState): void {
  let index = 0;
  while (index < argv.length) {
    index = readOne(argv, index, state);
  }
}

/** Reads the argument at `index` (and its value, if any) and returns the index of the next one. */
function readOne(argv: readonly string[], index: number, state: ParseState): number {
  const arg = argv[index] ?? '';
  if (!arg.startsWith('-') || arg === '-' || arg === '--') {
    state.problems.push({ kind: 'unexpected_argument', flag: arg, message: `invalid argument: '${arg}' (values follow their flag)` });
    return index + 1;
  }
  const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const name = equals > 0 ? arg.slice(0, equals) : arg;
  const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
  const flag = findFlag(name, state.catalog);
  if (flag === undefined) return reportUnknown(argv, index, { name, inline, state });
  if (flag.type === 'toggle') {
    if (inline !== undefined) {
      state.problems.push({ kind: 'invalid_value', flag: name, message: `${name} takes no value (got '${inline}')` });
    } else {
      setValue(state, flag, { value: !(flag.negNames?.includes(name) ?? false), source: 'argv' });
    }
    return index + 1;
  }
  const raw = inline ?? argv[index + 1];
  if (raw === undefined) {
    const hint = flag.valueHint === undefined ? '' : ` ${flag.valueHint}`;
    state.problems.push({ kind: 'missing_value', flag: name, message: `${name} needs a value: ${name}${hint}` });
    return index + 1;
  }
  const result = coerceFlagValue(flag, raw, name);
  if ('problem' in result) state.problems.push(result.problem);
  else setValue(state, flag, { value: result.value, source: 'argv' });
  return inline === undefined ? index + 2 : index + 1;
}

/**
 * An unknown flag may take a value; swallowing a following word that is not itself a flag keeps a
 * single typo from also reporting its value as a stray argument.
 */
interface UnknownArg {
  readonly name: string;
  readonly inline: string | undefined;
  readonly state: ParseState;
}

function reportUnknown(argv: readonly string[], index: number, { name, inline, state }: UnknownArg): number {
  const removal = removedLlamaFlags[name];
  state.problems.push(
    removal === undefined
      ? { kind: 'unknown_flag', flag: name, message: `invalid argument: ${name} (not a llama-server flag)` }
      : { kind: 'removed_flag', flag: name, message: `${name}: ${removal}` },
  );
  const next = argv[index + 1];
  const nextIsValue = inline === undefined && next !== undefined && (!next.startsWith('-') || /^-\d/.test(next));
  return nextIsValue ? index + 2 : index + 1;
}

function readEnv(env: Readonly<Record<string, string | undefined>>, state: ParseState): void {
  for (const flag of state.catalog) {
    if (flag.env === undefined || state.sources[flag.key] === 'argv') continue;
    const raw = env[flag.env];
    if (raw === undefined || raw === '') continue;
    const result = coerceFlagValue(flag, raw, flag.env);
    if ('problem' in result) state.problems.push(result.problem);
    else setValue(state, flag, { value: result.value, source: 'env' });
  }
}

function setValue(state: ParseState, flag: LlamaFlag, { value, source }: { value: FlagValue; source: FlagSource }): void {
  state.values[flag.key] = value;
  state.sources[flag.key] = source;
  if (flag.deprecated !== undefined && !state.warnings.includes(flag.deprecated)) state.warnings.push(flag.deprecated);
}
