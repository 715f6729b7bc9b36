import type { z } from 'zod';
import type { DraftServerConfig } from '../../../src-shared/contract/config.contract';
import { flagByKey, llamaFlagCatalog, type FlagSection, type LlamaFlag } from '../../../src-shared/llama/flag-catalog';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';

/** A configuration as the editor holds it: every value as the text in its control. */
export interface ConfigDraft {
  /** `-m`; empty: not given. */
  model: string;
  /** By catalog key; an empty text means "not given" (llama-server's default applies). */
  flags: Record<string, string>;
  /** The arguments the catalog does not know, as words (quoted where a word holds a space). */
  extraArgs: string;
  /** What the editor does not show (env, launch, container limits), carried through unchanged. */
  rest: Omit<ServerConfig, 'model' | 'flags' | 'extraArgs'>;
}

export type DraftConfig = z.input<typeof DraftServerConfig>;

/** The catalog's groups as the page shows them, in the order a tuner reaches for them. */
export const flagGroups: ReadonlyArray<{ section: FlagSection; title: string }> = [
  { section: 'concurrency-and-batching', title: 'Concurrency and batching' },
  { section: 'context-and-kv-cache', title: 'Context and KV cache' },
  { section: 'cpu-placement', title: 'Threads and CPU' },
  { section: 'gpu-offload-and-memory', title: 'GPU offload and memory' },
  { section: 'server', title: 'Server' },
];

// --help and --version make llama-server print and exit: never a configuration; the model has its own field.
const notEditable = new Set(['help', 'version', 'model']);

/** The flags of a group the editor offers, in catalog order. */
export function editableFlags(section: FlagSection): LlamaFlag[] {
  return llamaFlagCatalog.filter((flag) => flag.section === section && !notEditable.has(flag.key));
}

export function draftFromConfig(config: ServerConfig): ConfigDraft {
  const flags: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.flags)) flags[key] = valueText(value);
  const { model, flags: _flags, extraArgs, ...rest } = config;
  return { model: model ?? '', flags, extraArgs: joinWords(extraArgs ?? []), rest };
}

/**
 * The configuration the core checks. Text that does not read as the flag's type is sent as
 * text, so validation answers with its own sentence ("expected a number") instead of the
 * editor guessing.
 */
export function draftToConfig(draft: ConfigDraft): DraftConfig {
  const flags: DraftConfig['flags'] = {};
  for (const [key, text] of Object.entries(draft.flags)) {
    const value = readValue(key, text);
    if (value !== undefined) flags[key] = value;
  }
  const extraArgs = splitWords(draft.extraArgs);
  const model = draft.model.trim();
  return { ...draft.rest, ...(model === '' ? {} : { model }), flags, ...(extraArgs.length === 0 ? {} : { extraArgs }) };
}

/** True when the draft asks for something other than `config`. */
export function isDraftChanged(draft: ConfigDraft, config: ServerConfig): boolean {
  return canonical(draftToConfig(draft)) !== canonical(draftToConfig(draftFromConfig(config)));
}

/** A value as its control shows it: toggles as on/off, lists comma-separated. */
export function valueText(value: ServerConfig['flags'][string]): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function readValue(key: string, text: string): DraftConfig['flags'][string] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const flag = flagByKey(key);
  switch (flag?.type) {
    case 'int':
    case 'float': {
      const keyword = flag.keywords?.[trimmed];
      if (keyword !== undefined) return keyword;
      const number = Number(trimmed);
      return Number.isFinite(number) ? number : trimmed;
    }
    case 'toggle':
      return trimmed === 'on' ? true : trimmed === 'off' ? false : trimmed;
    case 'list':
      return trimmed.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    default:
      return text;
  }
}

/** Splits on whitespace; "double quotes" keep a word with spaces whole (\" and \\ inside them). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    words.push(match[1] === undefined ? (match[2] ?? '') : match[1].replace(/\\(.)/g, '$1'));
  }
  return words;
}

/** The inverse of splitWords: `splitWords(joinWords(words))` gives `words` back. */
export function joinWords(words: readonly string[]): string {
  return words.map((word) => (word !== '' && !/[\s"\\]/.test(word) ? word : `"${word.replace(/["\\]/g, '\\$&')}"`)).join(' ');
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
