import type { FlagSection, LlamaFlag } from './flag-types';
import { concurrencyFlags } from './flags-concurrency';
import { contextFlags } from './flags-context';
import { cpuFlags } from './flags-cpu';
import { gpuFlags } from './flags-gpu';
import { serverFlags } from './flags-server';

export type { LlamaFlag, FlagSection, FlagType, FlagValue } from './flag-types';

/**
 * The llama-server flags a tuner meets, as llama.cpp v0.5.0 defines them (`common/arg.cpp`,
 * checked against the captured `llama-server --help`). Not every flag of the server: the ones that
 * shape throughput, latency and memory (reference §1.1–1.4) and the server basics.
 */
export const llamaFlagCatalog: readonly LlamaFlag[] = [
  ...concurrencyFlags,
  ...contextFlags,
  ...cpuFlags,
  ...gpuFlags,
  ...serverFlags,
];

/**
 * Flags v0.5.0 no longer parses, with what replaced them. llama-server itself answers only
 * "invalid argument" for most of them; naming the replacement saves the user a search.
 */
export const removedLlamaFlags: Readonly<Record<string, string>> = {
  '--mmap': 'removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm mmap',
  '--no-mmap': 'removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm none',
  '--mlock': 'removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm mmap+mlock',
  '--direct-io': 'removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm dio',
  '--draft': 'the argument has been removed. use --spec-draft-n-max',
  '--draft-n': 'the argument has been removed. use --spec-draft-n-max',
  '--draft-max': 'the argument has been removed. use --spec-draft-n-max or --spec-ngram-mod-n-max',
  '--draft-min': 'the argument has been removed. use --spec-draft-n-min',
  '--draft-n-min': 'the argument has been removed. use --spec-draft-n-min',
  '--slots-endpoint-disable': 'replaced by --no-slots',
};

/** Looks a flag up by any spelling, positive or negated, in the given catalog. */
export function findFlag(name: string, catalog: readonly LlamaFlag[] = llamaFlagCatalog): LlamaFlag | undefined {
  return catalog.find((flag) => flag.names.includes(name) || (flag.negNames?.includes(name) ?? false));
}

/** Looks a flag up by its key (`ubatchSize`). */
export function flagByKey(key: string, catalog: readonly LlamaFlag[] = llamaFlagCatalog): LlamaFlag | undefined {
  return catalog.find((flag) => flag.key === key);
}

/** Single-dash spellings (`-np`, `-ub`): llama.cpp's short forms may have several letters. */
export function shortForms(flag: LlamaFlag): string[] {
  return flag.names.filter((name) => !name.startsWith('--'));
}

/** Double-dash spellings (`--parallel`). */
export function longForms(flag: LlamaFlag): string[] {
  return flag.names.filter((name) => name.startsWith('--'));
}

/** The flags of one reference section, in catalog order. */
export function flagsInSection(section: FlagSection, catalog: readonly LlamaFlag[] = llamaFlagCatalog): LlamaFlag[] {
  return catalog.filter((flag) => flag.section === section);
}

/** `-np, --parallel N` — the usage line llama-server prints for a flag. */
export function formatFlagUsage(flag: LlamaFlag): string {
  const spellings = [...flag.names, ...(flag.negNames ?? [])].join(', ');
  return flag.valueHint === undefined ? spellings : `${spellings} ${flag.valueHint}`;
}
