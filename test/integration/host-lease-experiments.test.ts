import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeResult } from '../../src-shared/contract/wire';
import { createNodeCore } from '../../src-main/cli/node-core';
import { dispatch } from '../../src-main/core/dispatch';
import type { Core } from '../../src-main/core/index';
import { makeTempDir } from '../support/temp-dir';
import { writeFakeBench } from './bench-runner-support';

let core: Core | undefined;
let temp: { dir: string; cleanup(): Promise<void> } | undefined;
afterEach(async () => {
  await core?.close();
  await temp?.cleanup();
});

function output<T>(result: InvokeResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

/** The whole core as the CLI and browser mode build it, on a workspace whose host is this machine. */
async function setUp() {
  temp = await makeTempDir('llmwb-host-lease-');
  const scratch = temp.dir;
  const opened = await createNodeCore({ dataDir: join(scratch, 'data'), shell: 'cli' });
  core = opened;
  const call = (op: string, input: unknown): Promise<InvokeResult> => dispatch(opened.handlers, op, input);
  const workspace = output<{ id: string }>(await call('workspaces.create', { name: 'lease' }));
  output(await call('hosts.update', { workspaceId: workspace.id, target: { kind: 'local' } }));
  const endpoint = output<{ url: string }>(await call('demo.attach', { workspaceId: workspace.id, options: { parallel: 2, ctxSize: 2048 } }));
  const model = join(scratch, 'model.gguf');
  await writeFile(model, 'GGUF');
  const finishedRuns = new Set<string>();
  const finishedBenches = new Map<string, string>();
  opened.bus.on('run.finished', (event) => finishedRuns.add(event.runId));
  opened.bus.on('bench.finished', (event) => finishedBenches.set(event.benchRunId, event.status));
  const bench = (path: string) => call('bench.run', { workspaceId: workspace.id, plan: { models: model }, benchPath: path });
  const run = (withTelemetry: boolean) => call('runs.start', { workspaceId: workspace.id, url: endpoint.url, load: { kind: 'closed', virtualUsers: 1 }, durationS: 2, maxTokens: 8, withTelemetry });
  return { scratch, call, bench, run, finishedRuns, finishedBenches };
}

describe('the host lease between experiments on one host', () => {
  it('refuses a telemetry-recording run during a bench, and a bench during such a run, with who holds the host; each end or failure frees it', async () => {
    const { scratch, call, bench, run, finishedRuns, finishedBenches } = await setUp();
    const slowBench = await writeFakeBench(scratch, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 3, pauseS: '0.4321' });
    const benchA = output<{ id: string; label: string }>(await bench(slowBench));

    const refusedRun = await run(true);
    expect(refusedRun).toMatchObject({ ok: false, error: { code: 'host_busy', details: { host: 'this machine', what: `llama-bench “${benchA.label}”` } } });
    expect(refusedRun.ok ? '' : refusedRun.error.message).toMatch(new RegExp(`^host busy: llama-bench “${benchA.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}” since \\d\\d:\\d\\d:\\d\\d$`));
    const plainRun = output<{ runId: string }>(await run(false));
    output(await call('runs.stop', { runId: plainRun.runId }));

    await expect.poll(() => finishedBenches.get(benchA.id), { timeout: 20_000 }).toBe('completed');
    const recording = output<{ runId: string }>(await run(true));
    const refusedBench = await bench(slowBench);
    expect(refusedBench.ok ? '' : `${refusedBench.error.code}: ${refusedBench.error.message}`).toMatch(new RegExp(`^host_busy: host busy: load run ${recording.runId} since \\d\\d:\\d\\d:\\d\\d$`));

    await expect.poll(() => finishedRuns.has(recording.runId), { timeout: 20_000 }).toBe(true);
    await mkdir(join(scratch, 'failing'));
    const failing = await writeFakeBench(join(scratch, 'failing'), { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1', failWith: 'errors/failed-to-load-model.stderr.txt' });
    const benchB = output<{ id: string }>(await bench(failing));
    await expect.poll(() => finishedBenches.get(benchB.id), { timeout: 20_000 }).toBe('failed');
    const afterFailure = output<{ runId: string }>(await run(true));
    output(await call('runs.stop', { runId: afterFailure.runId }));
  });
});
