import type { FieldOrigin } from '../schemas/server-config';
import { llamaFlagCatalog, removedLlamaFlags } from './flag-catalog';
import type { ArgProblem, FlagSource, FlagValue, LlamaArgsResult, LlamaFlag } from './flag-types';
import { coerceFlagValue } from './parse-flag-value';
import { tokenizeLlamaArgs, type ArgToken } from './tokenize-llama-args';

export interface ParseLlamaArgsOptions {
  /** The server's environment, read for flags not on the command line (pass `process.env` from a shell). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The catalog to parse against; defaults to llama-server's. The demo passes its extended copy. */
  readonly catalog?: readonly LlamaFlag[];
}

/** Everything read from a command line and environment, problems included. */
export interface LlamaArgsReading {
  /** Values of the flags that were given, by key. Absent keys were not given: use the catalog default. */
  readonly values: Record<string, FlagValue>;
  readonly origins: Record<string, FieldOrigin & { from: 'argv' | 'env' }>;
  /** Every problem, in command-line order, then environment problems. */
  readonly problems: ArgProblem[];
  readonly warnings: string[];
  /** Words that set no catalog value (unknown, removed or invalid flags, stray words), verbatim and in order. */
  readonly extraArgs: string[];
  /** Environment variables that set no catalog value: not flags, invalid, empty, or overridden by the command line. */
  readonly unusedEnv: Record<string, string>;
}

/**
 * The one reader of llama-server command lines: what `parseLlamaArgs`, `parseServerConfig` and
 * the inventory's process reader all call. It reads the way llama.cpp does (the last occurrence
 * wins, the command line wins over `LLAMA_ARG_*` variables, multi-letter short forms such as
 * `-np`) but collects every problem instead of stopping at the first. Pure: no Node, no I/O.
 */
export function readLlamaArgs(argv: readonly string[], options: ParseLlamaArgsOptions = {}): LlamaArgsReading {
  const catalog = options.catalog ?? llamaFlagCatalog;
  const reading: LlamaArgsReading = { values: {}, origins: {}, problems: [], warnings: [], extraArgs: [], unusedEnv: {} };
  for (const token of tokenizeLlamaArgs(argv, catalog)) readToken(token, reading);
  readEnv(options.env ?? {}, catalog, reading);
  return reading;
}

/**
 * Parses a llama-server command line into values by catalog key, or every problem found, so a
 * user fixes them in one go. `--name=value` is accepted for long forms as a convenience.
 */
export function parseLlamaArgs(argv: readonly string[], options: ParseLlamaArgsOptions = {}): LlamaArgsResult {
  const reading = readLlamaArgs(argv, options);
  if (reading.problems.length > 0) return { ok: false, problems: reading.problems, values: reading.values };
  const sources: Record<string, FlagSource> = {};
  for (const [key, origin] of Object.entries(reading.origins)) sources[key] = origin.from;
  return { ok: true, values: reading.values, sources, warnings: reading.warnings };
}

function readToken(token: ArgToken, reading: LlamaArgsReading): void {
  if (token.kind === 'stray') {
    const arg = token.words[0] ?? '';
    reading.problems.push({ kind: 'unexpected_argument', flag: arg, message: `invalid argument: '${arg}' (values follow their flag)` });
  } else if (token.kind === 'unknown') {
    const removal = removedLlamaFlags[token.spelling];
    reading.problems.push(
      removal === undefined
        ? { kind: 'unknown_flag', flag: token.spelling, message: `invalid argument: ${token.spelling} (not a llama-server flag)` }
        : { kind: 'removed_flag', flag: token.spelling, message: `${token.spelling}: ${removal}` },
    );
  } else {
    const problem = readFlag(token, reading);
    if (problem === undefined) return;
    reading.problems.push(problem);
  }
  reading.extraArgs.push(...token.words);
}

/** Sets a catalog flag's value from its token, or returns why it cannot. */
function readFlag(token: ArgToken & { kind: 'flag' }, reading: LlamaArgsReading): ArgProblem | undefined {
  const { flag, spelling, value } = token;
  if (flag.type === 'toggle') {
    if (value !== undefined) return { kind: 'invalid_value', flag: spelling, message: `${spelling} takes no value (got '${value}')` };
    setValue(reading, flag, { value: !(flag.negNames?.includes(spelling) ?? false), origin: { from: 'argv', spelling } });
    return undefined;
  }
  if (value === undefined) {
    const hint = flag.valueHint === undefined ? '' : ` ${flag.valueHint}`;
    return { kind: 'missing_value', flag: spelling, message: `${spelling} needs a value: ${spelling}${hint}` };
  }
  const result = coerceFlagValue(flag, value, spelling);
  if ('problem' in result) return result.problem;
  setValue(reading, flag, { value: result.value, origin: { from: 'argv', spelling } });
  return undefined;
}

function readEnv(env: Readonly<Record<string, string | undefined>>, catalog: readonly LlamaFlag[], reading: LlamaArgsReading): void {
  const flagsByEnv = new Map(catalog.filter((flag) => flag.env !== undefined).map((flag) => [flag.env ?? '', flag]));
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const flag = flagsByEnv.get(name);
    if (flag === undefined || raw === '' || reading.origins[flag.key]?.from === 'argv') {
      reading.unusedEnv[name] = raw;
      continue;
    }
    const result = coerceFlagValue(flag, raw, name);
    if ('problem' in result) {
      reading.problems.push(result.problem);
      reading.unusedEnv[name] = raw;
    } else setValue(reading, flag, { value: result.value, origin: { from: 'env', name } });
  }
}

function setValue(reading: LlamaArgsReading, flag: LlamaFlag, { value, origin }: { value: FlagValue; origin: FieldOrigin & { from: 'argv' | 'env' } }): void {
  reading.values[flag.key] = value;
  reading.origins[flag.key] = origin;
  if (flag.deprecated !== undefined && !reading.warnings.includes(flag.deprecated)) reading.warnings.push(flag.deprecated);
}
