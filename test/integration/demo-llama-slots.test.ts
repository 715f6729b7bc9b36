import { describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer } from '../../src-main/demo/index';
import { RunPlan } from '../../src-shared/schemas/run-plan';

interface SlotFigures {
  readonly completed: number;
  readonly failed: number;
  /** The most requests the server had in its slots at one moment. */
  readonly maxProcessing: number;
  /** The most requests the server kept waiting for a free slot at one moment. */
  readonly maxDeferred: number;
}

/**
 * A closed loop of 8 users against a llama-engine demo server at `parallel` slots, with the
 * server's own processing and deferred gauges watched on every event-loop turn. These are the
 * slot mechanics a tuner relies on; they hold on a busy machine, unlike throughput ratios (those
 * are printed by `test/bench/demo-llama-load.bench.ts`).
 */
async function watchSlots(parallel: number): Promise<SlotFigures> {
  const server = await startDemoServer({ engine: 'llama', parallel, ctxSize: 256 * parallel });
  let maxProcessing = 0;
  let maxDeferred = 0;
  const watch = setInterval(() => {
    const stats = server.stats();
    maxProcessing = Math.max(maxProcessing, stats.requestsProcessing);
    maxDeferred = Math.max(maxDeferred, stats.requestsDeferred);
  }, 1);
  try {
    await server.ready;
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 8 }, requestCount: 24, durationS: 120, maxTokens: 32, ignoreEos: true });
    const { summary } = await startLoadgen({
      runId: `slots-np${parallel}`,
      plan,
      workerEntry: defaultWorkerEntry(),
      sink: { records: () => undefined, series: () => undefined, progress: () => undefined },
    }).done;
    return { completed: summary.completed, failed: summary.failed, maxProcessing, maxDeferred };
  } finally {
    clearInterval(watch);
    await server.close();
  }
}

describe('the llama engine schedules requests onto slots as llama-server does (8 users)', () => {
  it('with -np 2 never processes more than two requests at once and keeps the others waiting', async () => {
    const figures = await watchSlots(2);
    expect(figures).toMatchObject({ completed: 24, failed: 0 });
    expect(figures.maxProcessing).toBe(2);
    expect(figures.maxDeferred).toBeGreaterThanOrEqual(1);
  });

  it('with -np 8 takes every user into a slot and keeps nobody waiting', async () => {
    const figures = await watchSlots(8);
    expect(figures).toMatchObject({ completed: 24, failed: 0 });
    expect(figures.maxProcessing).toBeGreaterThan(2);
    expect(figures.maxProcessing).toBeLessThanOrEqual(8);
    expect(figures.maxDeferred).toBe(0);
  });
});
