import type { ConfigFlags } from './config-values';
import type { ModelFacts } from './model-facts';

/** One thing wrong with a configuration, for the Config page, the CLI and the apply gate. */
export interface ConfigProblem {
  /** `error`: llama-server refuses it or cannot start; `warning`: it starts, but not as the user likely wants. */
  readonly severity: 'error' | 'warning';
  /** Catalog keys of the flags involved (`ubatchSize`, `batchSize`), for highlighting. */
  readonly flags: readonly string[];
  /** A sentence a user can act on, naming the flags as they are written (`-ub`) and the numbers. */
  readonly message: string;
}

/** What the checks know about where the server runs; every field is optional. */
export interface ValidationContext {
  /** The host's CPUs: logical, physical cores, and those the server process may run on (affinity). */
  readonly cpus?: { readonly logical: number; readonly physical: number; readonly allowed?: number };
  /** The server's cgroup: CPU quota in CPUs (cpu.max) and how many CPUs its cpuset holds. */
  readonly cgroup?: { readonly quotaCpus?: number | null; readonly cpusetCount?: number | null };
  /** Container options the launch sets (`--cpus`, how many CPUs `--cpuset-cpus` names). */
  readonly container?: { readonly cpus?: number | null; readonly cpusetCount?: number | null };
  /** The model, from its GGUF header: resolves `-c 0` and checks head sizes against cache types. */
  readonly model?: ModelFacts;
}

/** A rule of the configuration model: pure, returns every problem it finds. */
export type ConfigRule = (config: ConfigFlags, context: ValidationContext) => ConfigProblem[];
