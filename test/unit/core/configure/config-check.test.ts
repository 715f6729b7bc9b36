import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig, createInventoryCache, createModelFactsCache, type ModelRead } from '../../../../src-main/core/configure/config-check';
import { createLocalHost } from '../../../../src-main/core/hosts/local-host';
import type { ModelFactsView } from '../../../../src-shared/contract/config.contract';
import type { Inventory } from '../../../../src-shared/schemas/inventory';
import { eightBModel } from '../../../support/model-facts';

const gib = 1024 ** 3;
/** The reference's worked example (test/support/model-facts.ts), at a path on the host. */
const eightB: ModelFactsView = { ...eightBModel, kvHeadsPerLayer: [...eightBModel.kvHeadsPerLayer], path: '/models/8b.gguf' };
const known: ModelRead = { model: eightB };
const local = createLocalHost();
afterAll(() => local.close());

describe('checking a configuration before it restarts anything', () => {
  it('gives the memory estimate with its sentence when the configuration is valid', () => {
    const check = checkConfig({ flags: { parallel: 16, ctxSize: 32768 } }, { model: known, inventory: null });
    expect(check.problems).toEqual([]);
    expect(check.memory).toMatchObject({ kvBytes: 4 * gib, slots: 16, contextTotal: 32768, budget: null, fits: null });
    expect(check.memory?.sentence).toBe('-np 16 -c 32768 needs 4.00 GiB of KV cache (8.60 GiB with the 4.60 GiB model).');
  });

  it('leaves the estimate out while a value is out of range, saying why', () => {
    const check = checkConfig({ flags: { parallel: 0 } }, { model: known, inventory: null });
    expect(check.problems).toEqual([{ severity: 'error', flags: ['parallel'], message: '-np 0: 0 is out of range.' }]);
    expect(check).toMatchObject({ memory: null, memoryNote: 'The memory is estimated once the errors above are fixed.' });
  });

  it('warns of each argument the catalog does not know, and of a removed flag with its replacement', () => {
    const check = checkConfig({ flags: {}, extraArgs: ['--no-such-flag', '--another', '3', '--no-mmap'] }, { model: known, inventory: null });
    expect(check.problems.map((problem) => problem.message)).toEqual([
      '--no-such-flag is not a llama-server flag the workbench knows; a server that refuses it will not start, and the apply rolls back.',
      '--another is not a llama-server flag the workbench knows; a server that refuses it will not start, and the apply rolls back.',
      '--no-mmap is no longer a llama-server flag (removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm none); the server will refuse it.',
    ]);
  });

  it('puts a model file missing on the host first, as an error of -m', async () => {
    const readModel = createModelFactsCache();
    const missing = await readModel(local, '/nonexistent/model.gguf');
    const check = checkConfig({ model: '/nonexistent/model.gguf', flags: {} }, { model: missing, inventory: null });
    expect(check.problems[0]).toMatchObject({ severity: 'error', flags: ['model'], message: expect.stringMatching(/^-m \/nonexistent\/model\.gguf: .*\/nonexistent\/model\.gguf/) as string });
    expect(check.memory).toBeNull();
  });

  it('says a configuration without -m cannot be estimated', async () => {
    const check = checkConfig({ flags: { parallel: 2 } }, { model: await createModelFactsCache()(local, undefined), inventory: null });
    expect(check).toMatchObject({ problems: [], memory: null, memoryNote: 'The configuration names no model file (-m), so its memory cannot be estimated.' });
  });

  it('reads a model header once per host and path', async () => {
    const readModel = createModelFactsCache();
    const path = resolve('resources/models/stories260K.gguf');
    const first = await readModel(local, path);
    expect(first.model).toMatchObject({ path, architecture: 'llama' });
    expect((await readModel(local, path)).model).toBe(first.model);
  });
});

describe('the inventory the checks use', () => {
  const inventory = { host: 'h' } as Inventory;

  it('is kept for a minute, then taken again', async () => {
    let nowMs = 0;
    let taken = 0;
    const inventoryOf = createInventoryCache(() => nowMs);
    const take = async () => {
      taken += 1;
      return inventory;
    };
    await inventoryOf('h', take);
    nowMs = 59_000;
    await inventoryOf('h', take);
    expect(taken).toBe(1);
    nowMs = 61_000;
    await inventoryOf('h', take);
    expect(taken).toBe(2);
  });

  it('is taken again on the next call after a failure', async () => {
    const inventoryOf = createInventoryCache(() => 0);
    expect(await inventoryOf('h', () => Promise.reject(new Error('link down')))).toBeNull();
    expect(await inventoryOf('h', async () => inventory)).toBe(inventory);
  });
});
