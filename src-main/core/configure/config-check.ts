import { estimateMemory, type MemoryEstimate } from '../../../src-shared/config/memory-estimate';
import type { ModelFacts } from '../../../src-shared/config/model-facts';
import { validateServerConfig, validationContextFromInventory } from '../../../src-shared/config/validate-server-config';
import type { ConfigCheck, ConfigProblem, MemoryEstimateView, ModelFactsView } from '../../../src-shared/contract/config.contract';
import { AppError } from '../../../src-shared/errors';
import { removedLlamaFlags } from '../../../src-shared/llama/flag-catalog';
import { tokenizeLlamaArgs } from '../../../src-shared/llama/tokenize-llama-args';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { HostSession } from '../hosts/host-session';
import { readGgufHeader } from './gguf-header';

/** The model's facts, or why there are none (a missing file is an error of the configuration). */
export type ModelRead = { model: ModelFactsView } | { model: null; problem?: ConfigProblem; note: string };

/**
 * Reads models' GGUF headers over host sessions, once per host and path: a header does not
 * change while its file keeps its name, and reading one over SSH costs a round trip per chunk.
 * Failures are not kept, so a file copied into place later is read on the next call.
 */
export function createModelFactsCache() {
  const cache = new Map<string, Promise<ModelFactsView>>();
  return async function readModel(session: HostSession, path: string | undefined): Promise<ModelRead> {
    if (path === undefined) return { model: null, note: 'The configuration names no model file (-m), so its memory cannot be estimated.' };
    const key = `${session.label}\0${path}`;
    let reading = cache.get(key);
    if (reading === undefined) {
      const started = readGgufHeader(session, path).then((header): ModelFactsView => ({ path, ...header.facts, kvHeadsPerLayer: [...header.facts.kvHeadsPerLayer] }));
      started.catch(() => cache.delete(key));
      cache.set(key, started);
      reading = started;
    }
    try {
      return { model: await reading };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const isBadPath = error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_input');
      if (!isBadPath) return { model: null, note: `The model's header could not be read: ${message}` };
      return { model: null, note: message, problem: { severity: 'error', flags: ['model'], message: `-m ${path}: ${message}` } };
    }
  };
}
export type ModelFactsCache = ReturnType<typeof createModelFactsCache>;

/** How long an inventory serves the checks: CPUs and memory change rarely, and taking one over SSH costs seconds. */
const inventoryTtlMs = 60_000;

/**
 * Keeps each host's inventory for a minute, so config.check can run per keystroke: a fresh one
 * is taken after that, and a failed one (null) is tried again on the next call.
 */
export function createInventoryCache(now: () => number = Date.now) {
  const cache = new Map<string, { atMs: number; inventory: Promise<Inventory | null> }>();
  return (key: string, take: () => Promise<Inventory | null>): Promise<Inventory | null> => {
    const held = cache.get(key);
    if (held !== undefined && now() - held.atMs < inventoryTtlMs) return held.inventory;
    const inventory = take().catch(() => null);
    cache.set(key, { atMs: now(), inventory });
    void inventory.then((taken) => {
      if (taken === null) cache.delete(key);
    });
    return inventory;
  };
}

/**
 * Everything a user should know about a configuration before it restarts anything: the flag
 * model's problems (with the host's CPUs and limits when an inventory is at hand), a model file
 * that is missing on the host, arguments the catalog does not know, and the memory estimate.
 */
export function checkConfig(config: ServerConfig, facts: { model: ModelRead; inventory: Inventory | null }): ConfigCheck {
  const model: ModelFacts | undefined = facts.model.model ?? undefined;
  const context = facts.inventory === null ? (model === undefined ? {} : { model }) : validationContextFromInventory(facts.inventory, model);
  const problems: ConfigProblem[] = [...validateServerConfig(config, context).map((p) => ({ ...p, flags: [...p.flags] }))];
  if (facts.model.model === null && facts.model.problem !== undefined) problems.unshift(facts.model.problem);
  problems.push(...unknownArgProblems(config));
  if (facts.model.model === null) return { problems, memory: null, memoryNote: facts.model.note };
  const valid = problems.every((problem) => problem.severity !== 'error' || problem.flags.includes('model'));
  if (!valid) return { problems, memory: null, memoryNote: 'The memory is estimated once the errors above are fixed.' };
  const estimate = estimateMemory({ config, model: facts.model.model, ...(facts.inventory === null ? {} : { inventory: facts.inventory }) });
  return { problems, memory: memoryView(estimate) };
}

/**
 * Arguments kept verbatim because the catalog does not know them: llama-server v0.5.0 refuses an
 * unknown flag at start, so each is a warning (the apply would roll back), and a flag llama.cpp
 * removed says what replaced it.
 */
function unknownArgProblems(config: ServerConfig): ConfigProblem[] {
  return tokenizeLlamaArgs(config.extraArgs ?? []).flatMap((token): ConfigProblem[] => {
    if (token.kind !== 'unknown') return [];
    const removed = removedLlamaFlags[token.spelling];
    const why = removed === undefined ? 'is not a llama-server flag the workbench knows; a server that refuses it will not start, and the apply rolls back' : `is no longer a llama-server flag (${removed}); the server will refuse it`;
    return [{ severity: 'warning', flags: [], message: `${token.spelling} ${why}.` }];
  });
}

function memoryView(estimate: MemoryEstimate): MemoryEstimateView {
  const { kv } = estimate;
  return {
    kvBytes: kv.bytes,
    kBytes: kv.kBytes,
    vBytes: kv.vBytes,
    bytesPerCell: kv.bytesPerCell,
    typeK: kv.typeK,
    typeV: kv.typeV,
    slots: kv.layout.slots,
    isUnified: kv.layout.isUnified,
    contextTotal: kv.layout.contextTotal,
    contextPerSlot: kv.layout.contextPerSlot,
    modelBytes: estimate.modelBytes,
    totalBytes: estimate.totalBytes,
    budget: estimate.budget === null ? null : { ...estimate.budget },
    fits: estimate.fits,
    sentence: estimate.sentence,
    notes: [...estimate.notes],
  };
}
