import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { RunPlan } from '../../src-shared/schemas/run-plan';

describe('a worker that cannot run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmwb-worker-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const plan = RunPlan.parse({ url: 'http://127.0.0.1:9', load: { kind: 'closed', virtualUsers: 2 }, durationS: 30 });
  const sink = { records: () => undefined, series: () => undefined, progress: () => undefined };

  it('fails the run with the worker error instead of hanging', async () => {
    const entry = join(dir, 'throws.mjs');
    await writeFile(entry, "throw new Error('worker bundle is broken');\n");
    const startedMs = performance.now();
    const result = await startLoadgen({ runId: 'broken', plan, workerEntry: entry, sink }).done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('worker bundle is broken');
    expect(result.summary.completed).toBe(0);
    expect(performance.now() - startedMs).toBeLessThan(5000);
  });

  it('fails the run when a worker breaks the protocol', async () => {
    const entry = join(dir, 'rude.mjs');
    await writeFile(entry, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'hello' });\nsetInterval(() => {}, 1000);\n");
    const result = await startLoadgen({ runId: 'rude', plan, workerEntry: entry, sink }).done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('malformed message');
  });
});
