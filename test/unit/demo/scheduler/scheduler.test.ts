import { afterEach, describe, expect, it } from 'vitest';
import { SimEngine } from '../../../../src-main/demo/engine/sim-engine';
import type { LlamaError } from '../../../../src-main/demo/llama-errors';
import { Scheduler, type SchedulerConfig } from '../../../../src-main/demo/scheduler/scheduler';
import type { Task, TaskParams, TaskResult } from '../../../../src-main/demo/scheduler/task';

/** A fast engine: fixed timing of 0.2 ms per step, so the tests exercise scheduling, not the cost model. */
function fastEngine(): SimEngine {
  return new SimEngine({
    cost: { physicalCores: 2, threads: 2, threadsBatch: 2, batchSize: 2048, ubatchSize: 512, speed: 1 },
    fixedTokenMs: 0.2,
    eosChance: 0,
  });
}

const config: SchedulerConfig = {
  nSlots: 2,
  nCtxSlot: 256,
  unifiedPool: null,
  nBatch: 2048,
  nUbatch: 512,
  contBatching: true,
  contextShift: false,
  slotPromptSimilarity: 0.1,
  serverNPredict: -1,
  seed: 1,
};

const params = (overrides: Partial<TaskParams> = {}): TaskParams => ({
  nPredict: 16,
  ignoreEos: true,
  stream: true,
  cachePrompt: true,
  seed: 4294967295,
  temperature: 0.8,
  ...overrides,
});

interface Outcome {
  readonly started: boolean;
  readonly tokens: number;
  readonly result?: TaskResult;
  readonly error?: LlamaError;
}

const openSchedulers: Scheduler[] = [];

function schedulerWith(overrides: Partial<SchedulerConfig> = {}): Scheduler {
  const scheduler = new Scheduler(fastEngine(), { ...config, ...overrides });
  openSchedulers.push(scheduler);
  return scheduler;
}

/** Submits a task and resolves when it ends; `onTask` sees the task (to cancel it). */
function run(scheduler: Scheduler, prompt: readonly number[], taskParams: TaskParams, onTask?: (task: Task) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    let started = false;
    let tokens = 0;
    const listener = {
      onStart: () => (started = true),
      onToken: () => (tokens += 1),
      onDone: (result: TaskResult) => resolve({ started, tokens, result }),
      onError: (error: LlamaError) => resolve({ started, tokens, error }),
    };
    const task = scheduler.submit({ kind: 'completion', promptTokens: prompt, params: taskParams, listener });
    onTask?.(task);
  });
}

const prompt = (length: number, offset = 0): number[] => Array.from({ length }, (_, i) => 300 + ((i + offset) % 5000));

afterEach(async () => {
  await Promise.all(openSchedulers.splice(0).map((scheduler) => scheduler.close()));
});

describe('Scheduler', () => {
  it('stops at the slot context with "length" when prompt + max_tokens overflow it (llama-server v0.5.0 capture: 45 + 211 = 256)', async () => {
    const outcome = await run(schedulerWith(), prompt(45), params({ nPredict: 400 }));
    expect(outcome.result).toMatchObject({ predictedN: 211, stopType: 'limit', truncated: true, nPromptTokens: 45 });
    expect(outcome.tokens).toBe(211);
  });

  it('generates past the slot context with --context-shift, discarding old tokens instead of stopping', async () => {
    const outcome = await run(schedulerWith({ contextShift: true }), prompt(45), params({ nPredict: 400 }));
    expect(outcome.result).toMatchObject({ predictedN: 400, stopType: 'limit', truncated: false });
    expect(outcome.result?.tokensCached).toBeLessThan(256);
  });

  it('refuses an empty token prompt', async () => {
    const outcome = await run(schedulerWith(), [], params());
    expect(outcome.error?.status).toBe(400);
  });

  it('refuses a prompt that fills the slot context with exceed_context_size_error before any header', async () => {
    const outcome = await run(schedulerWith(), prompt(256), params());
    expect(outcome.started).toBe(false);
    expect(outcome.error?.status).toBe(400);
    expect(outcome.error?.body.error).toMatchObject({ type: 'exceed_context_size_error', n_prompt_tokens: 256, n_ctx: 256 });
  });

  it('queues tasks beyond the slots and starts them in arrival order, counting them as deferred', async () => {
    const scheduler = schedulerWith();
    const started: number[] = [];
    const runs = [0, 1, 2, 3, 4].map((index) =>
      run(scheduler, prompt(10, index * 100), params({ nPredict: 8 }), (task) => {
        const original = task.listener.onStart;
        Object.assign(task.listener, { onStart: (slotId: number) => (started.push(index), original(slotId)) });
      }),
    );
    // Five queued, two slots free: only the three no slot can take count as deferred, before and after admission.
    expect(scheduler.deferred).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(scheduler.processing).toBe(2);
    expect(scheduler.deferred).toBe(3);
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((outcome) => outcome.result?.predictedN === 8)).toBe(true);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.deferred).toBe(0);
  });

  it('frees the slot of a cancelled task so the queue moves on', async () => {
    const scheduler = schedulerWith({ nSlots: 1 });
    let first: Task | undefined;
    void run(scheduler, prompt(10), params({ nPredict: 100_000, stream: true }), (task) => (first = task));
    const second = run(scheduler, prompt(10, 50), params({ nPredict: 4 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (first !== undefined) scheduler.cancel(first);
    const outcome = await second;
    expect(outcome.result?.predictedN).toBe(4);
  });

  it('reuses the common prefix of the previous prompt in the same slot, leaving one token to evaluate', async () => {
    const scheduler = schedulerWith({ nSlots: 1 });
    await run(scheduler, prompt(40), params({ nPredict: 4 }));
    const again = await run(scheduler, prompt(40), params({ nPredict: 4 }));
    expect(again.result).toMatchObject({ cacheN: 39, promptN: 1 });
    const cold = await run(scheduler, prompt(40), params({ nPredict: 4, cachePrompt: false }));
    expect(cold.result).toMatchObject({ cacheN: 0, promptN: 40 });
  });

  it('without continuous batching holds a new prompt until the running stream has finished', async () => {
    const scheduler = schedulerWith({ contBatching: false });
    const events: string[] = [];
    const long = run(scheduler, prompt(10), params({ nPredict: 40 })).then((outcome) => (events.push('long done'), outcome));
    await new Promise((resolve) => setTimeout(resolve, 2));
    const late = await run(scheduler, prompt(10, 77), params({ nPredict: 2 }), (task) => {
      const original = task.listener.onToken;
      Object.assign(task.listener, { onToken: (...args: Parameters<typeof original>) => (events.push('late token'), original(...args)) });
    });
    await long;
    expect(late.result?.predictedN).toBe(2);
    expect(events[0]).toBe('long done');
  });

  it('aborts a stream with "Context size has been exceeded." when the unified pool runs out', async () => {
    const scheduler = schedulerWith({ unifiedPool: 512, nCtxSlot: 512 });
    const outcomes = await Promise.all([run(scheduler, prompt(200), params({ nPredict: 300 })), run(scheduler, prompt(200, 9), params({ nPredict: 300 }))]);
    const errors = outcomes.filter((outcome) => outcome.error !== undefined);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]?.error?.body.error).toMatchObject({ code: 500, message: 'Context size has been exceeded.', type: 'server_error' });
    expect(errors[0]?.started).toBe(true);
  });

  it('counts generated tokens in the metrics only when a task ends', async () => {
    const scheduler = schedulerWith();
    const outcomes = await Promise.all([run(scheduler, prompt(12), params({ nPredict: 9 })), run(scheduler, prompt(12, 3), params({ nPredict: 5 }))]);
    const snapshot = scheduler.metrics.snapshot();
    expect(snapshot.tokensPredictedTotal).toBe(14);
    expect(snapshot.promptTokensTotal).toBe(outcomes.reduce((sum, outcome) => sum + (outcome.result?.promptN ?? 0), 0));
  });
});
