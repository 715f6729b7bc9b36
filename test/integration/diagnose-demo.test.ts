import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeCore } from '../../src-main/cli/node-core';
import type { Core } from '../../src-main/core/index';
import type { Diagnosis } from '../../src-shared/schemas/diagnosis';
import { makeTempDir } from '../support/temp-dir';

/** Resolves when the diagnosis's status is no longer running (told by diagnose.progress), with the saved diagnosis. */
function whenOver(core: Core, diagnosisId: string): Promise<Diagnosis> {
  return new Promise((resolve, reject) => {
    const off = core.bus.on('diagnose.progress', (event) => {
      if (event.diagnosisId !== diagnosisId || event.status === 'running') return;
      off();
      core.invoke('diagnose.get', { diagnosisId }).then(resolve, reject);
    });
  });
}

describe('a diagnosis of the demo server, headless through the core', () => {
  let core: Core;
  let cleanup: () => Promise<void>;
  let ref: { workspaceId: string; endpointId: string };
  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    core = await createNodeCore({ dataDir: temp.dir, shell: 'cli' });
    const workspace = await core.invoke('workspaces.create', { name: 'Diagnose test' });
    const endpoint = await core.invoke('demo.attach', { workspaceId: workspace.id, config: { flags: { parallel: 2, ctxSize: 2048 } } });
    ref = { workspaceId: workspace.id, endpointId: endpoint.id };
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('runs preflight to recommendations, each step saved with its summary, every probe a run in History', { timeout: 300_000 }, async () => {
    const goal = { preset: 'seed' as const, slo: 'e2e_p95<5000,error_rate<0.01', workload: { maxTokens: 16 }, maxUsers: 4, budgetS: 240 };
    const started = await core.invoke('diagnose.start', { ...ref, goal });
    const done = await whenOver(core, started.id);
    expect(done.status).toBe('done');
    expect(done.steps.map((step) => [step.step, step.state])).toEqual([
      ['goal', 'done'], ['preflight', 'done'], ['baseline', 'done'], ['capacity', 'done'], ['findings', 'done'], ['recommendations', 'done'], ['verify', 'skipped'], ['report', 'skipped'],
    ]);
    expect(done.preflight).toMatchObject({ totalSlots: 2 });
    // On a busy 2-core machine the in-process demo and the generator share the CPUs, so a probe
    // may rightly be judged client-bound; the search then says so instead of a capacity.
    expect(done.capacity?.result?.outcome).toMatch(/^(found|at-least-max|client-bound)$/);
    expect(done.capacity?.sentence).toMatch(/\S/);
    expect(done.conclusion?.verdict.sentence).toMatch(/\S/);
    const runIds = new Set((await core.invoke('runs.list', { workspaceId: ref.workspaceId })).map((row) => row.id));
    for (const probe of done.capacity?.search.probes ?? []) expect(runIds.has(probe.runId ?? '')).toBe(true);
    expect((await core.invoke('diagnose.list', { workspaceId: ref.workspaceId }))[0]).toMatchObject({ id: started.id, status: 'done', step: null });
  });
});
