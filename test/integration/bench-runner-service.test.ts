import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, type EventName, type Handlers } from '../../src-shared/contract';
import type { InvokeResult } from '../../src-shared/contract/wire';
import type { Workspace } from '../../src-shared/schemas/workspace';
import { createBenchService } from '../../src-main/core/bench/bench-handlers';
import { dispatch } from '../../src-main/core/dispatch';
import { EventBus } from '../../src-main/core/events';
import { createHostService } from '../../src-main/core/host-service/host-service';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { createMemoryRunsRepo } from '../../src-main/core/runs/runs-repo';
import { createMemorySecrets } from '../../src-main/core/store/secrets';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';
import { benchFixtures, writeFakeBench } from './bench-runner-support';

let sshd: Sshd;
let scratch: { dir: string; cleanup(): Promise<void> };

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
});
let closeHosts: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeHosts?.();
  await scratch?.cleanup();
});

const workspace: Workspace = { id: 'w1', name: 'gpu box', host: { label: 'loopback', spec: { kind: 'local' } }, endpoints: [], createdAt: 1 };

async function setUp() {
  scratch = await makeTempDir('llmwb-bench-service-');
  const bus = new EventBus();
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  bus.onAny((name, payload) => seen.push({ name, payload }));
  const dataDir = join(scratch.dir, 'data');
  const hosts = createHostService({
    workspaces: { get: async () => workspace, setHost: async () => workspace },
    dataDir,
    secrets: createMemorySecrets(),
    bus,
    openHost: () => connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) }),
  });
  closeHosts = () => hosts.close();
  const service = createBenchService({ dataDir, bus, runsRepo: createMemoryRunsRepo(), graceMs: 1_000, hosts });
  const call = async (op: string, input: unknown): Promise<InvokeResult> => dispatch(service.handlers as unknown as Handlers, op, input);
  const model = join(scratch.dir, 'model.gguf');
  await writeFile(model, 'GGUF');
  return { service, seen, call, model };
}

function output<T>(result: InvokeResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

describe('bench operations through the contract door', () => {
  it('runs on the workspace host, publishes bench.progress per result and bench.finished, and lists the run', async () => {
    const { service, seen, call, model } = await setUp();
    const bench = await writeFakeBench(scratch.dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 3, pauseS: '0.2' });
    const started = output<{ id: string; run: { status: string } }>(await call('bench.run', { workspaceId: 'w1', plan: { models: model, nPrompt: '64' }, benchPath: bench }));
    expect(started.run.status).toBe('running');
    const busy = await call('bench.run', { workspaceId: 'w1', plan: { models: model }, benchPath: bench });
    expect(busy).toMatchObject({ ok: false, error: { code: 'host_busy', message: expect.stringMatching(/^host busy: llama-bench “model\.gguf on .*” since \d\d:\d\d:\d\d$/) } });
    await expect.poll(() => seen.some((event) => event.name === 'bench.finished'), { timeout: 10_000 }).toBe(true);
    for (const event of seen) expect(events[event.name].safeParse(event.payload).success).toBe(true);
    const results = seen.filter((event) => event.name === 'bench.progress' && (event.payload as { result?: unknown }).result !== undefined);
    expect(results).toHaveLength(3);
    expect(seen.find((event) => event.name === 'bench.finished')?.payload).toEqual({ benchRunId: started.id, status: 'completed', resultCount: 3 });
    const list = output<Array<{ id: string; workspaceId?: string }>>(await call('bench.list', { workspaceId: 'w1' }));
    expect(list.map((meta) => meta.id)).toEqual([started.id]);
    const got = output<{ results: unknown[]; live: unknown }>(await call('bench.get', { benchRunId: started.id }));
    expect(got.results).toHaveLength(3);
    expect(got.live).toBeNull();
    await service.close();
  });

  it('cancels a running bench through bench.cancel', async () => {
    const { seen, call, model } = await setUp();
    const bench = await writeFakeBench(scratch.dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 3, pauseS: '5.4321' });
    const started = output<{ id: string }>(await call('bench.run', { workspaceId: 'w1', plan: { models: model }, benchPath: bench }));
    await expect.poll(() => seen.some((event) => event.name === 'bench.progress'), { timeout: 10_000 }).toBe(true);
    const live = output<{ live: { step: string } | null }>(await call('bench.get', { benchRunId: started.id }));
    expect(live.live?.step).toBe('starting');
    expect(output(await call('bench.cancel', { benchRunId: started.id }))).toEqual({ cancelled: true });
    await expect.poll(() => seen.find((event) => event.name === 'bench.finished')?.payload, { timeout: 10_000 }).toMatchObject({ status: 'cancelled' });
    expect(output(await call('bench.cancel', { benchRunId: started.id }))).toEqual({ cancelled: false });
  });

  it('checks and estimates a plan, imports pasted tables and compares them', async () => {
    const { call } = await setUp();
    const bad = output<{ ok: boolean; problems: string[] }>(await call('bench.plan', { plan: { models: 'm.gguf', flashAttn: '', threads: '4,eight' } }));
    expect(bad).toEqual({ ok: false, problems: ['-t: "eight" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2', '-fa needs a value: on, off or auto'] });
    const good = output<{ ok: boolean; estimate: { combinations: number; tests: number }; argv: string[] }>(await call('bench.plan', { plan: { models: 'm.gguf', threads: '4,8', flashAttn: 'on,off', nPrompt: '512', nGen: '128' } }));
    expect(good).toMatchObject({ ok: true, estimate: { combinations: 4, tests: 8 } });
    expect(good.argv).toEqual(['-m', 'm.gguf', '-p', '512', '-n', '128', '-t', '4,8', '-fa', 'on,off', '--progress', '-o', 'jsonl']);
    const ids: string[] = [];
    for (const file of ['v0.5.0-captured/30-llama-bench.md', 'v0.5.0-captured/31-llama-bench-random13M.md']) {
      ids.push(output<{ id: string }>(await call('bench.import', { text: await readFile(join(benchFixtures, file), 'utf8'), sourceName: file, workspaceId: 'w1' })).id);
    }
    const compared = output<{ comparison: { rows: unknown[]; method: { test: string } }; markdown: string }>(await call('bench.compare', { runIds: ids, baselineRunId: ids[0] }));
    expect(compared.comparison.rows.length).toBeGreaterThan(0);
    expect(compared.markdown).toContain("Welch's two-sided t-test");
    const links = output<{ links: unknown[]; notes: string[] }>(await call('bench.links', { benchRunId: ids[0] }));
    expect(links.links).toEqual([]);
    expect(links.notes.join(' ')).toContain('No finished server run');
  });
});
