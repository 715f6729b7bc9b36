import type { FieldOrigin, ServerConfig } from '../schemas/server-config';
import { flagByKey, llamaFlagCatalog } from './flag-catalog';
import type { ArgProblem, FlagValue, LlamaFlag } from './flag-types';
import { readLlamaArgs, type ParseLlamaArgsOptions } from './parse-llama-args';

export interface ParsedServerConfig {
  readonly config: ServerConfig;
  /** Where `model` and each flag came from. */
  readonly origins: Record<string, FieldOrigin>;
  /** What did not parse; those words stay in `config.extraArgs` or `config.env` verbatim. */
  readonly problems: readonly ArgProblem[];
  readonly warnings: readonly string[];
}

/**
 * Reads a llama-server command line (without the executable) and its environment into a
 * `ServerConfig`. Lenient: a running server's command line is a fact, so nothing is dropped; a
 * word that sets no catalog value stays in `extraArgs`, a variable that sets none stays in `env`,
 * and `problems` says why. Pass only the server's own environment, not this process's.
 */
export function parseServerConfig(argv: readonly string[], options: ParseLlamaArgsOptions = {}): ParsedServerConfig {
  const reading = readLlamaArgs(argv, options);
  const { model, ...flags } = reading.values;
  const config: ServerConfig = { flags };
  if (typeof model === 'string') config.model = model;
  if (Object.keys(reading.unusedEnv).length > 0) config.env = reading.unusedEnv;
  if (reading.extraArgs.length > 0) config.extraArgs = reading.extraArgs;
  return { config, origins: reading.origins, problems: reading.problems, warnings: reading.warnings };
}

/** How `writeServerArgs` spells each flag. */
export interface WriteServerArgsOptions {
  /** `short` (`-np`) where the flag has one, else `long` (`--parallel`); default `long`. */
  readonly spelling?: 'short' | 'long';
  /** Flag keys to write as their `LLAMA_ARG_*` variable where llama-server reads one and the value can be (not empty). */
  readonly asEnv?: (key: string) => boolean;
  readonly catalog?: readonly LlamaFlag[];
}

/** A command line (without the executable) and the environment variables it needs. */
export interface ServerArgs {
  readonly argv: string[];
  readonly env: Record<string, string>;
}

/**
 * Writes a configuration as llama-server reads it: the model, each flag in catalog order as one
 * spelling and its value word (toggles by their positive or negative spelling), then `extraArgs`
 * verbatim; `config.env` and the flags chosen by `asEnv` as environment variables. Guarantee:
 * `parseServerConfig` of the result gives `config` back (launch and container limits aside), for every valid config
 * (tested over the whole catalog). Throws on a flag key the catalog does not have.
 */
export function writeServerArgs(config: ServerConfig, options: WriteServerArgsOptions = {}): ServerArgs {
  const catalog = options.catalog ?? llamaFlagCatalog;
  const argv: string[] = [];
  const env: Record<string, string> = { ...(config.env ?? {}) };
  if (config.model !== undefined) argv.push(...spell(requireFlag('model', catalog), config.model, options));
  const order = new Map(catalog.map((flag, index) => [flag.key, index]));
  const keys = Object.keys(config.flags).sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
  for (const key of keys) {
    const flag = requireFlag(key, catalog);
    const value = config.flags[key] as FlagValue;
    const envValue = envWord(flag, value);
    // A variable config.env already sets stays as it is; the command line then wins over it.
    const isEnvFree = flag.env !== undefined && !(flag.env in env);
    if (envValue !== undefined && isEnvFree && ((options.asEnv?.(key) ?? false) || mustUseEnv(flag, value))) env[flag.env ?? ''] = envValue;
    else argv.push(...spell(flag, value, options));
  }
  argv.push(...(config.extraArgs ?? []));
  return { argv, env };
}

function requireFlag(key: string, catalog: readonly LlamaFlag[]): LlamaFlag {
  const flag = flagByKey(key, catalog);
  if (flag === undefined) throw new Error(`'${key}' is not a llama-server flag of the catalog`);
  return flag;
}

/** A toggle switched off that has no negative spelling can only be said through its variable. */
function mustUseEnv(flag: LlamaFlag, value: FlagValue): boolean {
  return flag.type === 'toggle' && value === false && flag.negNames === undefined;
}

/** The variable's value, or undefined when the flag has no variable or llama.cpp would skip it (empty). */
function envWord(flag: LlamaFlag, value: FlagValue): string | undefined {
  if (flag.env === undefined) return undefined;
  const word = flag.type === 'toggle' ? (value === true ? '1' : '0') : valueWord(value);
  return word === '' ? undefined : word;
}

function valueWord(value: FlagValue): string {
  if (Array.isArray(value)) return value.join(',');
  // String(-0) is "0"; "-0" reads back as -0.
  return Object.is(value, -0) ? '-0' : String(value);
}

function spell(flag: LlamaFlag, value: FlagValue, options: WriteServerArgsOptions): string[] {
  const pick = (names: readonly string[]): string => {
    const short = names.find((name) => !name.startsWith('--'));
    const long = names.find((name) => name.startsWith('--'));
    return (options.spelling === 'short' ? (short ?? long) : (long ?? short)) ?? names[0] ?? '';
  };
  if (flag.type === 'toggle') {
    if (value === false && flag.negNames === undefined) throw new Error(`${flag.names[0] ?? flag.key} has no spelling that turns it off`);
    return [pick(value === true ? flag.names : (flag.negNames ?? []))];
  }
  return [pick(flag.names), valueWord(value)];
}
