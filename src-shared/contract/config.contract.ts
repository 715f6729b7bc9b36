import { z } from 'zod';
import { ApplyStep, JournalEntry } from '../schemas/config-journal';
import { Endpoint } from '../schemas/endpoint';
import { EpochMs, Id } from '../schemas/ids';
import { LaunchSettings } from '../schemas/launch';
import { ServerConfig } from '../schemas/server-config';
import { defineOperation } from './define';

/**
 * One thing wrong with a configuration (src-shared/config/config-problem.ts). `flags` are catalog
 * keys to highlight; the catalog itself (groups, defaults, ranges, env vars) is pure data the
 * renderer imports from src-shared/llama/flag-catalog.ts, so it never crosses the wire.
 */
export const ConfigProblem = z.object({
  severity: z.enum(['error', 'warning']),
  flags: z.array(z.string()),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof ConfigProblem>;

/** The model's GGUF header facts that size the KV cache (src-shared/config/model-facts.ts). */
export const ModelFactsView = z.object({
  /** The model file on the host the facts were read from. */
  path: z.string(),
  architecture: z.string(),
  name: z.string().optional(),
  fileBytes: z.number().nonnegative(),
  layers: z.number().int().positive(),
  embeddingLength: z.number().int().positive(),
  headCount: z.number().int().positive(),
  kvHeadsPerLayer: z.array(z.number().int().nonnegative()),
  keyLength: z.number().int().positive(),
  valueLength: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  slidingWindow: z.number().int().positive().optional(),
  expertCount: z.number().int().nonnegative().optional(),
  expertUsedCount: z.number().int().nonnegative().optional(),
});
export type ModelFactsView = z.infer<typeof ModelFactsView>;

/**
 * What a configuration needs in memory against what the host has (estimateMemory): KV cache as
 * llama.cpp allocates it plus the weights. `sentence` is what to show ("-np 16 -c 32768 needs
 * 34 GiB of KV cache …; the GPU has 24 GiB of VRAM: it does not fit."). Bytes throughout.
 */
export const MemoryEstimateView = z.object({
  kvBytes: z.number().nonnegative(),
  kBytes: z.number().nonnegative(),
  vBytes: z.number().nonnegative(),
  /** Bytes one context cell (token) costs over all layers, K and V. */
  bytesPerCell: z.number().nonnegative(),
  typeK: z.string(),
  typeV: z.string(),
  slots: z.number().int().nonnegative(),
  isUnified: z.boolean(),
  /** `-c` after llama.cpp's rounding, and the context each slot can use. */
  contextTotal: z.number().int().nonnegative(),
  contextPerSlot: z.number().int().nonnegative(),
  modelBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  budget: z.object({ where: z.enum(['gpu', 'ram', 'container']), bytes: z.number().nonnegative(), label: z.string() }).nullable(),
  /** Null when there is no budget to compare with (no inventory). */
  fits: z.boolean().nullable(),
  sentence: z.string(),
  notes: z.array(z.string()),
});
export type MemoryEstimateView = z.infer<typeof MemoryEstimateView>;

/** What validation and the estimate say about a configuration (cheap: called as the user types). */
export const ConfigCheck = z.object({
  /** Every problem at once, errors first. An apply is refused while any is an error. */
  problems: z.array(ConfigProblem),
  /** Null when the model's header could not be read; `memoryNote` says why. */
  memory: MemoryEstimateView.nullable(),
  memoryNote: z.string().optional(),
});
export type ConfigCheck = z.infer<typeof ConfigCheck>;

/**
 * The endpoint's server configuration as read from its host. `source`: `launcher` when the
 * workbench manages the server (the endpoint's launch settings, or the demo) and read it through
 * its launch method; `inventory` when it does not yet and the configuration is the running
 * process's command line: applying needs `endpoints.setLaunch` first (`suggestedLaunch` is the
 * running process, to adopt with the user's consent).
 */
export const ConfigView = ConfigCheck.extend({
  endpointId: Id,
  source: z.enum(['launcher', 'inventory']),
  config: ServerConfig,
  launch: LaunchSettings.nullable(),
  suggestedLaunch: LaunchSettings.optional(),
  model: ModelFactsView.nullable(),
  readAt: EpochMs,
});
export type ConfigView = z.infer<typeof ConfigView>;

/** A preset computed from the host's inventory and the model (presetsFor), with its reasoning. */
export const ConfigPreset = z.object({
  name: z.enum(['conservative', 'balanced', 'throughput', 'latency']),
  title: z.string(),
  /** A whole configuration: the current one with the preset's flags laid over it. */
  config: ServerConfig,
  reasons: z.array(z.string()),
  check: ConfigCheck,
});
export type ConfigPreset = z.infer<typeof ConfigPreset>;

/** What an apply will do, before anything changes (Launcher.plan), with the checks of the new configuration. */
export const ConfigPlan = ConfigCheck.extend({
  launchKind: z.string(),
  argvBefore: z.array(z.string()),
  argvAfter: z.array(z.string()),
  /** Files written on the host (a systemd drop-in, a compose override); null: absent. */
  files: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  /** Commands run on the host, in order (argv arrays, unquoted). */
  commands: z.array(z.array(z.string())),
  /** Every method restarts the server: there is downtime. */
  restarts: z.literal(true),
});
export type ConfigPlan = z.infer<typeof ConfigPlan>;

/**
 * A configuration as the user edits it: ServerConfig's shape without its per-flag value check,
 * so a value out of range reaches config.check/plan/apply and comes back as a problem with a
 * sentence (and an apply is refused with all of them) instead of a schema error at the door.
 */
export const DraftServerConfig = z.object(ServerConfig.shape);

const EndpointRef = z.object({ workspaceId: Id, endpointId: Id });

export const configOperations = {
  'config.read': defineOperation({
    summary: 'Read the endpoint server’s configuration from its host (launch method or running process), with its problems, the model’s GGUF facts and the memory estimate.',
    input: EndpointRef,
    output: ConfigView,
  }),
  'config.check': defineOperation({
    summary: 'Validate a configuration against the flag catalog and the host, and estimate its memory. No side effects; fast enough per keystroke once the model was read.',
    input: EndpointRef.extend({ config: DraftServerConfig }),
    output: ConfigCheck,
  }),
  'config.presets': defineOperation({
    summary: 'Conservative, balanced, throughput and latency configurations computed from the host’s inventory and the model, each with its reasoning. Needs a connected host and a readable model.',
    input: EndpointRef,
    output: z.array(ConfigPreset),
  }),
  'config.plan': defineOperation({
    summary: 'What applying a configuration will change: the argv diff, the files and commands on the host, the restart, and the problems (errors refuse the apply).',
    input: EndpointRef.extend({ config: DraftServerConfig }),
    output: ConfigPlan,
  }),
  'config.apply': defineOperation({
    summary:
      'Apply a configuration safely: refused (invalid_input) while it has errors; else snapshot, arm the dead-man timer on the host, restart, readiness gate, confirm. Progress comes as config.progress; a failure rolls back and throws why (details.entryId names the journal entry). Takes the host’s lease (host_busy while a bench or a recording run holds it).',
    input: EndpointRef.extend({ config: DraftServerConfig }),
    output: JournalEntry,
  }),
  'config.cancel': defineOperation({
    summary: 'Cancel the endpoint’s apply in progress: before the restart nothing changes; after it, the apply rolls back.',
    input: EndpointRef,
    output: z.object({ cancelled: z.boolean() }),
  }),
  'config.rollback': defineOperation({
    summary:
      '“Roll back to this”: re-apply, through the same safe apply, the configuration the server ran with after a journal entry (with `undo`, the one it ran before it: undoing that change). A new entry names it.',
    input: z.object({ workspaceId: Id, entryId: Id, undo: z.boolean().default(false) }),
    output: JournalEntry,
  }),
  'config.journal': defineOperation({
    summary: 'The workspace’s configuration journal, newest first (only the endpoint’s when endpointId is given).',
    input: z.object({ workspaceId: Id, endpointId: Id.optional() }),
    output: z.array(JournalEntry),
  }),
  'endpoints.setLaunch': defineOperation({
    summary: 'Record how the endpoint’s server is launched on the workspace host (process, systemd, container, compose), or null to stop managing it. Nothing on the host changes.',
    input: EndpointRef.extend({ launch: LaunchSettings.nullable() }),
    output: Endpoint,
  }),
} as const;

export const configEvents = {
  /** A step of an apply (or its roll back) started, passed or failed; in order, per endpoint. */
  'config.progress': z.object({
    workspaceId: Id,
    endpointId: Id,
    step: ApplyStep,
    state: z.enum(['started', 'passed', 'failed']),
    detail: z.string().optional(),
    atMs: EpochMs,
  }),
  /** An apply or roll back ended (the journal has its entry): the UI refetches the config and journal. */
  'config.finished': z.object({ workspaceId: Id, endpointId: Id, entryId: Id.optional(), result: JournalEntry.shape.result }),
} as const;
