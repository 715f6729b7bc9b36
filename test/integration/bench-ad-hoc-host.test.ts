import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src-shared/errors';
import { createNodeCore } from '../../src-main/cli/node-core';
import type { AdHocHost, Core } from '../../src-main/core/index';
import { makeTempDir } from '../support/temp-dir';
import { writeFakeBench } from './bench-runner-support';

let core: Core | undefined;
let temp: { dir: string; cleanup(): Promise<void> } | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  await temp?.cleanup();
});

/** The core as the CLI builds it, a workspace whose host is this machine, and this machine opened ad hoc. */
async function setUp() {
  temp = await makeTempDir('llmwb-ad-hoc-bench-');
  const scratch = temp.dir;
  const opened = await createNodeCore({ dataDir: join(scratch, 'data'), shell: 'cli' });
  core = opened;
  const workspace = await opened.invoke('workspaces.create', { name: 'this machine' });
  await opened.invoke('hosts.update', { workspaceId: workspace.id, target: { kind: 'local' } });
  const adHoc = await opened.hosts.openAdHoc({ kind: 'local' }, { knownHostsPath: join(scratch, 'known_hosts') });
  const model = join(scratch, 'model.gguf');
  await writeFile(model, 'GGUF');
  const finished = new Map<string, string>();
  opened.bus.on('bench.finished', (event) => finished.set(event.benchRunId, event.status));
  const slowBench = await writeFakeBench(scratch, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 3, pauseS: '0.3733' });
  return { core: opened, workspaceId: workspace.id, adHoc, model, slowBench, finished, dataDir: join(scratch, 'data') };
}

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: AppError) => ({ code: error.code, message: error.message }));

describe('llama-bench on an ad-hoc host, through the core', () => {
  it('holds the host lease until it ends, so a workspace bench on the same machine is refused meanwhile', async () => {
    const { core, workspaceId, adHoc, model, slowBench, finished, dataDir } = await setUp();
    const started = await core.bench.runOnHost({ host: adHoc, plan: { models: model }, benchPath: slowBench, label: 'ad hoc' });
    const refused = await refusal(core.invoke('bench.run', { workspaceId, plan: { models: model }, benchPath: slowBench }));
    expect(refused).toMatchObject({ code: 'host_busy', message: expect.stringMatching(/^host busy: llama-bench “ad hoc” since \d\d:\d\d:\d\d$/) });

    await expect.poll(() => finished.get(started.id), { timeout: 20_000 }).toBe('completed');
    expect(existsSync(join(dataDir, 'bench', started.id, 'results.json'))).toBe(true);
    const after = await core.invoke('bench.run', { workspaceId, plan: { models: model }, benchPath: slowBench });
    await expect.poll(() => finished.get(after.id), { timeout: 20_000 }).toBe('completed');
  });

  it('is refused while a workspace experiment holds the same machine, and starts nothing', async () => {
    const { core, workspaceId, adHoc, model, slowBench, dataDir } = await setUp();
    const lease = await core.hosts.lease(workspaceId, 'a probe');
    const refused = await refusal(core.bench.runOnHost({ host: adHoc, plan: { models: model }, benchPath: slowBench }));
    expect(refused).toMatchObject({ code: 'host_busy', message: expect.stringMatching(/^host busy: a probe since /) });
    expect(existsSync(join(dataDir, 'bench'))).toBe(false);
    lease.release();
  });

  it('answers bench.get with its live progress and stops on bench.cancel, keeping the run as cancelled', async () => {
    const { core, adHoc, model, slowBench, finished } = await setUp();
    const started = await core.bench.runOnHost({ host: adHoc, plan: { models: model }, benchPath: slowBench });
    expect((await core.invoke('bench.get', { benchRunId: started.id })).live).toMatchObject({ benchRunId: started.id });
    expect(await core.invoke('bench.cancel', { benchRunId: started.id })).toEqual({ cancelled: true });
    await expect.poll(() => finished.get(started.id), { timeout: 20_000 }).toBe('cancelled');
    expect((await core.invoke('bench.get', { benchRunId: started.id })).meta.run?.status).toBe('cancelled');
  });

  it('closes the ad-hoc hosts it opened when the core closes', async () => {
    const { core: opened, adHoc } = await setUp();
    const host: AdHocHost = adHoc;
    expect(host.identity).toBe('this machine');
    await opened.close();
    core = undefined;
    expect(host.session.state().state).toBe('closed');
  });
});
