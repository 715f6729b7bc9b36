import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { RunPlan, type RunPlanInput } from '../../src-shared/schemas/run-plan';

/**
 * Issue #10's acceptance, against the demo server in llama-server's connection mode (a streamed
 * answer says keep-alive and then closes the connection, as llama-server v0.5.0 does): the
 * configuration in which a real llama-server showed 6 phantom connection_reset failures in 938
 * requests (`--parallel 4 -c 2048 -t 1`, 8 users, 20 s of streamed chat).
 */
describe('the load generator against llama-server connection handling (demo, llama engine, -np 4)', () => {
  let server: DemoServerHandle;
  beforeAll(async () => {
    server = await startDemoServer({ engine: 'llama', parallel: 4, ctxSize: 2048, threads: 1 });
    await server.ready;
  });
  afterAll(() => server?.close());

  const run = (plan: Omit<RunPlanInput, 'url'>) =>
    startLoadgen({
      runId: 'llama-connections',
      plan: RunPlan.parse({ url: server.url, ...plan }),
      workerEntry: defaultWorkerEntry(),
      sink: { records: () => undefined, series: () => undefined, progress: () => undefined },
    }).done;

  it('runs 8 users for 20 s of streamed chat with no failure, reporting the connection policy it fell back to', async () => {
    const { summary } = await run({ load: { kind: 'closed', virtualUsers: 8 }, durationS: 20, maxTokens: 32 });
    const { cancelled = 0, ...failures } = summary.errorsByClass;
    console.log(`8 users × 20 s: ${summary.completed} completed, ${cancelled} cancelled at the end, stale connection retries ${summary.staleConnectionRetries ?? 0}, server closes after answer: ${summary.serverClosesAfterAnswer ?? false}`);
    expect(summary.completed).toBeGreaterThan(8);
    expect(failures).toEqual({});
    expect(summary.failed).toBe(0);
    expect(summary.serverClosesAfterAnswer).toBe(true);
    expect(summary.staleConnectionRetries).toEqual(expect.any(Number));
  });

  it('counts, in request-count mode, exactly the output tokens the server counted', async () => {
    const before = server.stats().metrics.tokensPredictedTotal;
    const { summary } = await run({ load: { kind: 'closed', virtualUsers: 8 }, requestCount: 48, durationS: 120, maxTokens: 24 });
    expect(summary).toMatchObject({ completed: 48, failed: 0 });
    expect(summary.outputTokens).toBe(server.stats().metrics.tokensPredictedTotal - before);
  });
});
