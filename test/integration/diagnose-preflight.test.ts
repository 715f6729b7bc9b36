import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPreflight, type PreflightSources } from '../../src-main/core/diagnose/preflight';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { DiagnosisGoal } from '../../src-shared/schemas/diagnosis';

const goal = DiagnosisGoal.parse({ preset: 'interactive', slo: 'ttft_p95<1000,error_rate<0.01', workload: { maxTokens: 8 }, maxUsers: 6 });
const selfTest: PreflightSources['selfTest'] = async (users, maxTokens) => ({ users, requestsPerS: 900, outputTokensPerS: 900 * maxTokens, isClientLimited: true, reasons: ['busy'], durationS: 2 });

describe('the preflight of a diagnosis, against the demo server', () => {
  let withMetrics: DemoServerHandle;
  let withoutMetrics: DemoServerHandle;
  beforeAll(async () => {
    withMetrics = await startDemoServer({ engine: 'sim', parallel: 3, ctxSize: 3072, metrics: true });
    withoutMetrics = await startDemoServer({ engine: 'sim', parallel: 2, ctxSize: 2048, metrics: false });
  });
  afterAll(async () => {
    await withMetrics.close();
    await withoutMetrics.close();
  });

  it('reads the slots, the per-slot context and the build from /props and finds /metrics and /slots on', async () => {
    const preflight = await runPreflight({ url: withMetrics.url, goal, flagsLine: async () => '-np 3 -c 3072', host: async () => null, selfTest });
    expect(preflight).toMatchObject({ totalSlots: 3, contextPerSlot: 1024, flagsLine: '-np 3 -c 3072', hostLabel: null, hasInventory: false, build: 'b0-demo' });
    expect(preflight.endpoints.map((check) => [check.path, check.isOn])).toEqual([['/props', true], ['/metrics', true], ['/slots', true]]);
    expect(preflight.selfTest).toMatchObject({ users: 6, outputTokensPerS: 7200 });
    expect(preflight.notes).toContain('No host is set for this endpoint: the diagnosis sees the server from outside only (no per-core, GPU or process figures).');
    expect(preflight.notes.at(-1)).toBe("This machine's load generator reached 900 req/s (7200 tok/s) with 6 users against an instant server; a probe near that is limited by the generator, not the server.");
  });

  it('names the flag that turns /metrics on and what the diagnosis misses without it', async () => {
    const preflight = await runPreflight({ url: withoutMetrics.url, goal, flagsLine: async () => '-np 2', host: async () => ({ label: 'localhost', hasInventory: true, notes: [] }), selfTest });
    expect(preflight.endpoints[1]).toMatchObject({ path: '/metrics', isOn: false, flagToAdd: '--metrics', note: expect.stringMatching(/^\/metrics is disabled on this server \(501\)/) as string });
    expect(preflight.notes[0]).toMatch(/^\/metrics is off: add --metrics to the server's flags\. Without it the diagnosis misses the queue \(requests_deferred\)/);
    expect(preflight.hostLabel).toBe('localhost');
  });
});
