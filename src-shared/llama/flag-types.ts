/**
 * The vocabulary of the llama-server flag catalog. Pure data types: the catalog is read by the
 * CLI parser, the demo server and (later) the configuration editor in the UI, so it must not
 * import Node or the DOM.
 */

/** How a flag's value is read from the command line or its environment variable. */
export type FlagType =
  /** An integer, optionally with keywords such as `auto` (see `keywords`). */
  | 'int'
  /** A decimal number. */
  | 'float'
  /** Free text (a path, a mask, a pattern). */
  | 'string'
  /** One of `choices`, after `aliases` are applied (`-fa 1` → `on`). */
  | 'enum'
  /** A comma-separated list (`--host a,b`, `-ts 3,1`). */
  | 'list'
  /** No value: the flag switches it on, one of `negNames` switches it off. */
  | 'toggle';

export type FlagValue = number | string | boolean | readonly string[];

/** Sections follow ../reference/llama-server-protocol.md §1 so a reader can find the source. */
export type FlagSection =
  | 'concurrency-and-batching'
  | 'context-and-kv-cache'
  | 'cpu-placement'
  | 'gpu-offload-and-memory'
  | 'server'
  | 'demo';

export interface LlamaFlag {
  /** Stable camelCase id used as the key of parsed values (`parallel`, `ubatchSize`). */
  readonly key: string;
  /** Every spelling that sets the value or switches a toggle on, short forms first (`-np`, `--parallel`). */
  readonly names: readonly string[];
  /** Spellings that switch a toggle off (`-nocb`, `--no-cont-batching`). */
  readonly negNames?: readonly string[];
  /** Environment variable read when the flag is not on the command line (the command line wins). */
  readonly env?: string;
  readonly type: FlagType;
  /** Placeholder shown in usage text (`N`, `FNAME`). */
  readonly valueHint?: string;
  /** Inclusive numeric range for `int` and `float`; keywords are exempt. */
  readonly min?: number;
  readonly max?: number;
  /** Values inside the range that llama-server still rejects (`-np 0`). */
  readonly invalidValues?: readonly number[];
  /** Allowed values of an `enum`, after aliases. */
  readonly choices?: readonly string[];
  /** Alternative spellings of enum values (`1` → `on`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Words an `int` flag also accepts, with the number they stand for (`auto` → -1). */
  readonly keywords?: Readonly<Record<string, number>>;
  /** The value llama-server v0.5.0 uses when the flag is absent; null when it has none. */
  readonly defaultValue: FlagValue | null;
  /** What the default means when the number alone does not say (`-1 = auto: 4 slots, unified KV`). */
  readonly defaultNote?: string;
  readonly section: FlagSection;
  /** What the flag does, in one line. */
  readonly summary: string;
  /** What a tuner gains and pays by changing it, in one line. */
  readonly tradeOff: string;
  /** Set when llama-server accepts the flag but ignores it, with the warning it logs. */
  readonly deprecated?: string;
}

/** Where a parsed value came from; the command line wins over the environment. */
export type FlagSource = 'argv' | 'env';

export type ArgProblemKind =
  | 'unknown_flag'
  | 'removed_flag'
  | 'missing_value'
  | 'invalid_value'
  | 'out_of_range'
  | 'unexpected_argument';

export interface ArgProblem {
  readonly kind: ArgProblemKind;
  /** The flag as the user wrote it, or the env var name for problems found in the environment. */
  readonly flag: string;
  /** A message a user can act on, naming the flag and the accepted values. */
  readonly message: string;
}

export interface ParsedLlamaArgs {
  readonly ok: true;
  /** Values of the flags that were given, by key. Absent keys were not given: use the catalog default. */
  readonly values: Readonly<Record<string, FlagValue>>;
  readonly sources: Readonly<Record<string, FlagSource>>;
  /** Deprecation warnings for accepted no-op flags (llama-server logs these and carries on). */
  readonly warnings: readonly string[];
}

export interface FailedLlamaArgs {
  readonly ok: false;
  /** Every problem found, in command-line order, then environment problems. */
  readonly problems: readonly ArgProblem[];
  /** The values that did parse, so a caller can report its own checks on them in the same breath. */
  readonly values: Readonly<Record<string, FlagValue>>;
}

export type LlamaArgsResult = ParsedLlamaArgs | FailedLlamaArgs;
