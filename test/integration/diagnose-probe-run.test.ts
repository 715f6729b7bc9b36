import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/index';
import { probePlan, runProbe } from '../../src-main/core/diagnose/probe-run';
import { DiagnosisGoal } from '../../src-shared/schemas/diagnosis';
import { openDemoCore, type DemoCore } from '../support/demo-core';

const goal = DiagnosisGoal.parse({ preset: 'seed', slo: 'e2e_p95<5000,error_rate<0.01', workload: { maxTokens: 8 } });

describe('a diagnosis probe against the demo endpoint', () => {
  let demo: DemoCore;
  let core: Core;
  let target: { url: string; workspaceId: string; endpointId: string };
  beforeAll(async () => {
    demo = await openDemoCore('Probe test', { flags: { parallel: 2, ctxSize: 2048 } });
    core = demo.core;
    target = { url: demo.url, ...demo.ref };
  });
  afterAll(async () => demo.close());

  it('is a normal run of the workspace with the goal’s workload and SLO, read back without each user’s first request', async () => {
    const plan = probePlan(target, goal, { users: 2, requests: 6, maxDurationS: 60 });
    expect(plan).toMatchObject({ load: { kind: 'closed', virtualUsers: 2 }, requestCount: 8, maxTokens: 8, ignoreEos: true, slo: 'e2e_p95<5000,error_rate<0.01' });
    const probe = await runProbe({ runs: core.runs, runsDir: core.store.runsDir }, plan);
    expect(probe.record).toMatchObject({ status: 'completed', workspaceId: target.workspaceId });
    expect(probe.requests).toHaveLength(6);
    expect(probe.requests.every((request) => request.outputTokens === 8)).toBe(true);
    expect(probe.server.length).toBeGreaterThan(0);
    const rows = await core.invoke('runs.list', { workspaceId: target.workspaceId });
    expect(rows.map((row) => row.id)).toContain(probe.record.id);
  });

  it('stops as soon as the watch says its verdict is certain, keeping what it measured', async () => {
    const plan = probePlan(target, goal, { users: 2, requests: 5000, maxDurationS: 120 });
    const seen: number[] = [];
    const probe = await runProbe({ runs: core.runs, runsDir: core.store.runsDir }, plan, {
      intervalMs: 200,
      isDecided: (requests) => {
        seen.push(requests.length);
        return requests.length >= 4;
      },
    });
    expect(probe.record.status).toBe('stopped');
    expect(probe.requests.length).toBeGreaterThanOrEqual(4);
    expect(probe.requests.length).toBeLessThan(5000);
    expect(seen.at(-1)).toBeGreaterThanOrEqual(4);
  });

  it('stops when the diagnosis is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const plan = probePlan(target, goal, { users: 2, requests: 5000, maxDurationS: 120 });
    const probe = await runProbe({ runs: core.runs, runsDir: core.store.runsDir }, plan, { isDecided: () => false, signal: controller.signal });
    expect(probe.record.status).toBe('stopped');
  });
});
