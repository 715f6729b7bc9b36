import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^llamacpp:${name} (\\S+)$`, 'm').exec(text);
  return Number(match?.[1]);
}

describe('the load generator against the built-in demo server', () => {
  let server: DemoServerHandle;
  let result: LoadgenResult;
  const records: RequestRecord[] = [];

  beforeAll(async () => {
    server = await startDemoServer({ port: 0, engine: 'sim', parallel: 4, ctxSize: 8192, simTokenMs: 4 });
    await server.ready;
    // 8 users on 4 slots: half of them wait in the server's queue. A count bound means every
    // request runs to its end, so the server's token counter has seen each one.
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 8 }, requestCount: 32, durationS: 60, maxTokens: 24, ignoreEos: true });
    const run = startLoadgen({ runId: 'demo', plan, workerEntry: defaultWorkerEntry(), sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: () => undefined } });
    result = await run.done;
  });
  afterAll(() => server?.close());

  it('completes 8 users against -np 4 without a failure', () => {
    expect(result.status).toBe('completed');
    expect(result.summary).toMatchObject({ completed: 32, failed: 0, errorsByClass: {} });
    expect(records).toHaveLength(32);
  });

  it('counts exactly the output tokens the server says it predicted', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(result.summary.outputTokens).toBe(32 * 24);
    expect(result.summary.outputTokens).toBe(metricValue(metrics, 'tokens_predicted_total'));
    expect(records.every((record) => record.tokenSource === 'usage')).toBe(true);
  });

  it('sees the queue: the slowest first tokens wait for a free slot', () => {
    expect(result.summary.ttftMs.p95).toBeGreaterThan(result.summary.ttftMs.min + 24 * 4 * 0.5);
  });
});

describe('the load generator against the demo server running llama.cpp (stories260K)', () => {
  it('counts the real tokens llama.cpp predicted, 8 users on -np 4, without a failure', async () => {
    const server = await startDemoServer({ port: 0, engine: 'llama', parallel: 4, ctxSize: 2048, threads: 1 });
    try {
      await server.ready;
      const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 8 }, requestCount: 24, durationS: 60, maxTokens: 32, ignoreEos: true, prompt: 'Once upon a time' });
      const records: RequestRecord[] = [];
      const run = startLoadgen({ runId: 'llama', plan, workerEntry: defaultWorkerEntry(), sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: () => undefined } });
      const { summary } = await run.done;
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(summary).toMatchObject({ completed: 24, failed: 0, errorsByClass: {} });
      expect(summary.outputTokens).toBe(metricValue(metrics, 'tokens_predicted_total'));
      expect(summary.outputTokens).toBe(24 * 32);
      expect(records.every((record) => record.tokenSource === 'usage' && record.ttftMs !== null)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
