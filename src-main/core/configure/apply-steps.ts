import { AppError } from '../../../src-shared/errors';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { HostSession } from '../hosts/host-session';
import type { ConfigJournal, JournalEntry } from './journal';
import type { Launcher } from './launcher';
import { readinessTimeoutMs, type StepEvent } from './readiness-gate';

export interface ApplyConfigOptions {
  launcher: Launcher;
  /** The host the server runs on (where the snapshot and the dead-man timer live). */
  session: HostSession;
  /** A folder of the workbench's on the host (ProcessLauncher.stateDir(), or another method's). */
  hostStateDir: string;
  /** The server's base URL, reached from the workbench for the readiness gate; a function when a restart moves it (the demo's fresh port). */
  endpointUrl: string | (() => string | undefined);
  next: ServerConfig;
  journal: ConfigJournal;
  workspaceId: string;
  endpointId?: string;
  onStep?(event: StepEvent): void;
  /** Cancels the apply; once the restart was issued, cancelling rolls back. */
  signal?: AbortSignal;
  /** The dead-man window; default 120 s, longer when the model's load timeout needs it. */
  deadManSeconds?: number;
  /** The model file's size, which scales the /health timeout (readinessTimeoutMs). */
  modelBytes?: number;
  /** An explicit /health timeout (tests); default readinessTimeoutMs(modelBytes). */
  healthTimeoutMs?: number;
  apiKey?: string;
  /** Who applies it; default `user@machine` of this process. */
  by?: string;
  /** Set by rollbackTo: the entry whose configuration this re-applies. */
  reappliedFrom?: string;
}

/** What one apply carries from step to step. */
export interface ApplyContext {
  options: ApplyConfigOptions;
  before: ServerConfig;
  entry: JournalEntry;
  steps: StepEvent[];
  emit(event: Omit<StepEvent, 'atMs'>): void;
}

/** What the readiness gate needs for one configuration. */
export function gateOptions(options: ApplyConfigOptions, asked: ServerConfig) {
  return {
    launcher: options.launcher,
    endpointUrl: (typeof options.endpointUrl === 'string' ? options.endpointUrl : options.endpointUrl()) ?? '',
    asked,
    healthTimeoutMs: options.healthTimeoutMs ?? readinessTimeoutMs(options.modelBytes),
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
  };
}

/** A step and how its result reads in the `passed` event (a string result reads as itself). */
export interface StepSpec<T> {
  step: StepEvent['step'];
  describe?: (value: T) => string;
}

/** Runs one step between `started` and `passed`/`failed` events; rethrows its error. */
export async function runStep<T>(context: ApplyContext, spec: StepEvent['step'] | StepSpec<T>, work: () => Promise<T>): Promise<T> {
  const { step, describe } = typeof spec === 'string' ? { step: spec, describe: undefined } : spec;
  context.emit({ step, state: 'started' });
  try {
    const value = await work();
    context.emit({ step, state: 'passed', detail: describe?.(value) ?? (typeof value === 'string' ? value : undefined) });
    return value;
  } catch (error) {
    context.emit({ step, state: 'failed', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** Throws AppError `cancelled` once `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('cancelled', 'the apply was cancelled');
}
