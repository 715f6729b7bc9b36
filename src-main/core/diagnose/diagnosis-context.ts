import type { Diagnosis } from '../../../src-shared/schemas/diagnosis';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { BenchCandidate } from './baseline';
import type { ProbeRuns, ProbeTarget } from './probe-run';

/** The host of the diagnosed server, when the diagnosis can see it. */
export interface DiagnosisHost {
  label: string;
  /** The host's inventory (taken once and kept); null when it cannot be taken. */
  inventory(): Promise<Inventory | null>;
  /** True when the load generator runs on the server's host, sharing its CPUs (diagnosis-rules.md C5, C15). */
  isLoadgenHost: boolean;
}

/**
 * Changing the diagnosed server's configuration, for the verify step (issue #13 step 7): there
 * only when the endpoint has a launch method, since every apply restarts the server.
 */
export interface DiagnosisConfigure {
  /**
   * Applies the configuration the way the Config page does (config.apply: checked first, behind
   * the host's lease, through the readiness gate, journalled, rolled back when it does not come
   * up, in which case it rejects). Resolves with the journal entry's id.
   */
  apply(config: ServerConfig): Promise<{ entryId: string }>;
  /** Where the endpoint answers now: the demo's URL changes with every restart, so read it after each apply. */
  url(): Promise<string>;
}

/** What the steps of a diagnosis act through; the core builds it for a workspace endpoint, the CLI for a URL and an ad-hoc host. */
export interface DiagnosisContext {
  probes: { runs: ProbeRuns; runsDir: string };
  target: ProbeTarget;
  apiKey?: string | undefined;
  workerEntry: string;
  /** The server's configuration as its launch method or process states it; null when it cannot be read. */
  serverConfig(): Promise<ServerConfig | null>;
  host: DiagnosisHost | null;
  /** Applies configurations to the server (the verify step); absent or null when the endpoint has no launch method. */
  configure?: DiagnosisConfigure | null;
  benchRuns(): Promise<BenchCandidate[]>;
  /** Aborts with the diagnosis: a probe in flight stops and keeps what it measured. */
  signal: AbortSignal;
  /** Saves the diagnosis to its folder and tells listeners (after every step change and every probe). */
  save(diagnosis: Diagnosis): Promise<void>;
  now(): number;
}

/** A step's outcome: the diagnosis with what it found, and the line that sums it up. */
export interface StepOutcome {
  diagnosis: Diagnosis;
  summary: string;
}

/** Told when a probe's run has started: what it is for ("bracket at 8 users") and its run, for the live view. */
export type ProbeStarted = (what: { label: string; runId: string }) => void;
