import { presetsFor } from '../../../src-shared/config/presets';
import type { Handlers } from '../../../src-shared/contract';
import type { ConfigCheck, ConfigPreset, ConfigView } from '../../../src-shared/contract/config.contract';
import { AppError } from '../../../src-shared/errors';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { EventBus } from '../events';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import { configKeysOnHost, keepApiKeysOnHost, redactLaunchKeys, refuseRedactedKey } from './api-key-file';
import { applyConfig, rollbackTo, type ApplyConfigOptions } from './apply-config';
import { checkConfig, createInventoryCache, createModelFactsCache, type ModelRead } from './config-check';
import { resolveConfigTarget, type ConfigTarget, type ConfigTargetDeps } from './config-target';
import { adoptRunningServer, createProcessLauncher, type ProcessLaunchSettings } from './process-launcher';
import { createConfigJournal } from './journal';
import type { StepEvent } from './readiness-gate';

type ConfigOperation = 'config.read' | 'config.check' | 'config.presets' | 'config.plan' | 'config.apply' | 'config.cancel' | 'config.rollback' | 'config.journal' | 'endpoints.setLaunch';

export interface ConfigHandlerDeps extends ConfigTargetDeps {
  workspaces: Pick<WorkspacesRepo, 'get' | 'setEndpointLaunch'>;
  bus: EventBus;
  /** Test seam: the dead-man window and /health timeout of every apply. */
  applyTimings?: { deadManSeconds?: number; healthTimeoutMs?: number };
}

/**
 * The Config page's and `llmwb config`'s operations (issue #12): read an endpoint's server
 * configuration from its host, check it as the user types, plan, apply safely behind the host's
 * lease with progress events, cancel, roll back to a journal entry, and record the launch method.
 */
export function createConfigHandlers(deps: ConfigHandlerDeps): Pick<Handlers, ConfigOperation> {
  const readModel = createModelFactsCache();
  const inventoryOf = createInventoryCache();
  const applying = new Map<string, AbortController>();
  const target = (ref: { workspaceId: string; endpointId: string }): Promise<ConfigTarget> => resolveConfigTarget(deps, ref);
  const facts = async (t: ConfigTarget, config: ServerConfig): Promise<{ model: ModelRead; inventory: Inventory | null }> => {
    const [model, inventory] = await Promise.all([readModel(t.session, t.modelPath(config)), inventoryOf(t.session.label, () => t.inventory())]);
    return { model, inventory };
  };
  const check = async (t: ConfigTarget, config: ServerConfig): Promise<ConfigCheck> => checkConfig(config, await facts(t, config));
  const safely = safeApply(deps, { applying, check });

  return {
    'config.read': async (ref) => readView(await target(ref), facts),
    'config.check': async ({ config, ...ref }) => check(await target(ref), config),
    'config.presets': async (ref) => presetsOf(await target(ref), facts),
    'config.plan': async ({ config, ...ref }) => {
      const t = await target(ref);
      const launcher = t.launcher();
      const [plan, checked] = await Promise.all([launcher.plan(config), check(t, config)]);
      return { ...checked, launchKind: launcher.kind, argvBefore: [...plan.argvBefore], argvAfter: [...plan.argvAfter], files: plan.files, commands: plan.commands.map((argv) => [...argv]), restarts: true };
    },
    'config.apply': async ({ config, ...ref }) => safely(await target(ref), { next: config }),
    'config.cancel': async ({ endpointId }) => {
      const controller = applying.get(endpointId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    'config.rollback': async ({ workspaceId, entryId, undo }) => {
      const entry = await createConfigJournal({ dataDir: deps.dataDir, workspaceId }).get(entryId);
      if (entry.endpointId === undefined) throw new AppError('invalid_input', `journal entry ${entryId} names no endpoint to roll back`);
      return safely(await target({ workspaceId, endpointId: entry.endpointId }), undo ? { undoOf: entry } : { rollbackOf: entryId });
    },
    'config.journal': async ({ workspaceId, endpointId }) => {
      const entries = await createConfigJournal({ dataDir: deps.dataDir, workspaceId }).list();
      return endpointId === undefined ? entries : entries.filter((entry) => entry.endpointId === endpointId);
    },
    'endpoints.setLaunch': async ({ workspaceId, endpointId, launch }) => {
      const stored = launch?.kind === 'process' ? await processLaunchToStore(deps, { workspaceId, endpointId, launch }) : launch;
      const endpoint = await deps.workspaces.setEndpointLaunch({ workspaceId, endpointId, launch: stored });
      deps.bus.emit('workspaces.changed', { workspaceId });
      return endpoint;
    },
  };
}

type FactsOf = (t: ConfigTarget, config: ServerConfig) => Promise<{ model: ModelRead; inventory: Inventory | null }>;

async function readView(t: ConfigTarget, factsOf: FactsOf): Promise<ConfigView> {
  const base = { endpointId: t.endpoint.id, launch: t.launch, readAt: Date.now() };
  if (t.launch !== null) {
    const config = await t.launcher().read();
    const facts = await factsOf(t, config);
    return { ...base, source: 'launcher', config, model: facts.model.model, ...checkConfig(config, facts) };
  }
  // Not managed yet: the running server's command line, and the launch settings that would adopt it.
  const inventory = await t.inventory();
  const server = inventory?.server ?? null;
  if (server === null || server.config?.config === undefined) {
    throw new AppError('not_found', `No llama-server was found running on ${t.session.label}, and this endpoint records no launch method.`, {
      hint: 'Say how the server is launched (process, systemd, container, compose), or start it and read again.',
    });
  }
  // Shown to the user: the key stays on the host; setLaunch reads it there again (keepApiKeysOnHost).
  const suggestedLaunch = redactLaunchKeys(await adoptRunningServer(t.session, server.pid));
  const config = server.config.config;
  const facts = await factsOf(t, config);
  return { ...base, source: 'inventory', config, suggestedLaunch, model: facts.model.model, ...checkConfig(config, facts) };
}

async function presetsOf(t: ConfigTarget, factsOf: FactsOf): Promise<ConfigPreset[]> {
  const config = t.launch === null ? (await readView(t, factsOf)).config : await t.launcher().read();
  const { model, inventory } = await factsOf(t, config);
  if (inventory === null) throw new AppError('unreachable', `The inventory of ${t.session.label} could not be taken; presets are computed from it.`);
  if (model.model === null) throw new AppError('invalid_input', `Presets need the model's GGUF header. ${model.note}`);
  return presetsFor(inventory, model.model).map((preset) => {
    const next: ServerConfig = { ...config, flags: { ...config.flags, ...preset.config.flags }, ...(preset.config.extraArgs === undefined ? {} : { extraArgs: preset.config.extraArgs }) };
    return { name: preset.name, title: preset.title, config: next, reasons: [...preset.reasons], check: checkConfig(next, { model, inventory }) };
  });
}

/** A new configuration, "roll back to" an entry, or undoing an entry (re-applying its `before`). */
type SafeApplyWhat = { next: ServerConfig } | { rollbackOf: string } | { undoOf: JournalEntry };

interface SafeApplyState {
  applying: Map<string, AbortController>;
  check(t: ConfigTarget, config: ServerConfig): Promise<ConfigCheck>;
}

/**
 * An apply or a roll back of one endpoint: refused before anything restarts when the new
 * configuration has errors, one at a time per endpoint, behind the host's lease, its steps
 * emitted as `config.progress` and its end as `config.finished`.
 */
function safeApply(deps: ConfigHandlerDeps, state: SafeApplyState) {
  return async (t: ConfigTarget, what: SafeApplyWhat): Promise<JournalEntry> => {
    const endpointId = t.endpoint.id;
    let modelBytes: number | undefined;
    if ('next' in what) {
      const checked = await state.check(t, what.next);
      // The model's size scales how long /health may stay 503 while the weights load.
      modelBytes = checked.memory?.modelBytes;
      const errors = checked.problems.filter((problem) => problem.severity === 'error');
      if (errors.length > 0) {
        throw new AppError('invalid_input', `Not applied (nothing restarted): ${errors.map((problem) => problem.message).join(' ')}`, { details: { problems: errors } });
      }
    }
    if ('next' in what) what = { next: await keysOnHost(t, what.next) };
    if (state.applying.has(endpointId)) throw new AppError('conflict', 'A configuration is being applied to this endpoint already; wait for it or cancel it.');
    const lease = await t.lease(`a configuration change of ${t.endpoint.name}`);
    const controller = new AbortController();
    state.applying.set(endpointId, controller);
    const { workspaceId } = t;
    const emit = (event: StepEvent): void => deps.bus.emit('config.progress', { workspaceId, endpointId, ...event });
    let result: JournalEntry['result'] = 'rollback_failed';
    let entryId: string | undefined;
    try {
      const options = {
        launcher: t.launcher(),
        session: t.session,
        hostStateDir: await t.hostStateDir(),
        endpointUrl: t.endpointUrl,
        journal: createConfigJournal({ dataDir: deps.dataDir, workspaceId }),
        workspaceId,
        endpointId,
        onStep: emit,
        signal: controller.signal,
        ...(modelBytes === undefined ? {} : { modelBytes }),
        ...deps.applyTimings,
      };
      const entry = await runApply(options, what);
      ({ result, id: entryId } = entry);
      return entry;
    } catch (error) {
      const details = error instanceof AppError ? (error.details as { entryId?: string; result?: JournalEntry['result'] } | undefined) : undefined;
      entryId = details?.entryId;
      result = details?.result ?? (error instanceof AppError && error.code === 'cancelled' ? 'cancelled' : 'rollback_failed');
      throw error;
    } finally {
      state.applying.delete(endpointId);
      lease?.release();
      deps.bus.emit('config.finished', { workspaceId, endpointId, result, ...(entryId === undefined ? {} : { entryId }) });
    }
  };
}

/** A process launch as the workspace stores it: its API keys moved to a file on the host (never in the index). */
async function processLaunchToStore(deps: ConfigHandlerDeps, ref: { workspaceId: string; endpointId: string; launch: ProcessLaunchSettings }): Promise<ProcessLaunchSettings> {
  const session = await deps.hosts.session(ref.workspaceId);
  return keepApiKeysOnHost(session, ref.launch, () => createProcessLauncher(session, ref.launch, { id: ref.endpointId }).stateDir());
}

/** A process launch keeps API keys in a file on the host (api-key-file.ts); other methods refuse only a redacted one. */
async function keysOnHost(t: ConfigTarget, config: ServerConfig): Promise<ServerConfig> {
  if (t.launch?.kind === 'process') return configKeysOnHost(t.session, config, await t.hostStateDir());
  refuseRedactedKey(config);
  return config;
}

function runApply(options: Omit<ApplyConfigOptions, 'next'>, what: SafeApplyWhat): Promise<JournalEntry> {
  if ('next' in what) return applyConfig({ ...options, next: what.next });
  if ('rollbackOf' in what) return rollbackTo({ ...options, entryId: what.rollbackOf });
  if (what.undoOf.result === 'applying') throw new AppError('conflict', `entry ${what.undoOf.id} has not finished; its outcome is unknown`);
  return applyConfig({ ...options, next: what.undoOf.before, reappliedFrom: what.undoOf.id });
}
