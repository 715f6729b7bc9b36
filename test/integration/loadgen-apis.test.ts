import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan, type RunPlanInput } from '../../src-shared/schemas/run-plan';
import type { SeriesPoint } from '../../src-shared/schemas/run-result';

interface Run {
  result: LoadgenResult;
  records: RequestRecord[];
  points: SeriesPoint[];
}

async function load(server: DemoServerHandle, plan: Partial<RunPlanInput>): Promise<Run> {
  const records: RequestRecord[] = [];
  const points: SeriesPoint[] = [];
  const parsed = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 2 }, requestCount: 6, durationS: 30, maxTokens: 5, ignoreEos: true, ...plan });
  const run = startLoadgen({ runId: 'apis', plan: parsed, workerEntry: defaultWorkerEntry(), sink: { records: (batch) => records.push(...batch), series: (batch) => points.push(...batch), progress: () => undefined } });
  return { result: await run.done, records, points };
}

describe('every API against the demo server', () => {
  let server: DemoServerHandle;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, engine: 'sim', parallel: 4, ctxSize: 4096, simTokenMs: 2, embeddings: true });
    await server.ready;
  });
  afterAll(() => server?.close());

  it.each([
    ['chat', true],
    ['chat', false],
    ['completions', true],
    ['completions', false],
    ['native', true],
    ['native', false],
  ] as const)('%s (stream %s): every request succeeds with 5 output tokens', async (api, stream) => {
    const { result, records } = await load(server, { api, stream });
    expect(result.summary).toMatchObject({ completed: 6, failed: 0, outputTokens: 30 });
    expect(records.every((record) => record.ttftMs !== null && record.ttftMs <= record.e2eMs)).toBe(true);
    expect(result.summary.tokenSource?.primary).toBe(api === 'native' ? 'timings' : 'usage');
    if (stream) expect(result.summary.itlMs.count).toBe(6 * 4);
    else expect(result.summary.itlMs.count).toBe(0);
  });

  it('embeddings: batches of 4 inputs come back as 4 vectors, with no token timing', async () => {
    const { result, records } = await load(server, { api: 'embeddings', embeddingInputs: 4 });
    expect(result.summary).toMatchObject({ completed: 6, failed: 0, outputTokens: 0 });
    expect(result.summary.inputTokens).toBeGreaterThan(0);
    expect(records.every((record) => record.ttftMs === null)).toBe(true);
    expect(result.summary.e2eMs.count).toBe(6);
  });
});

describe('stages and windows against the demo server', () => {
  let server: DemoServerHandle;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, engine: 'sim', parallel: 4, ctxSize: 4096, simTokenMs: 5 });
    await server.ready;
  });
  afterAll(() => server?.close());

  it('steps 1 → 3 users, summarises each stage, and leaves the warm-up out of the summary', async () => {
    const { result, records, points } = await load(server, {
      requestCount: undefined,
      durationS: undefined,
      load: { kind: 'profile', profile: 'custom', virtualUsers: 1, stages: [{ durationS: 1.5, target: 1 }, { durationS: 0, target: 3 }, { durationS: 1.5, target: 3 }] },
      warmupS: 0.5,
    });
    expect(result.status).toBe('completed');
    const stages = result.summary.stages ?? [];
    expect(stages.map((stage) => [stage.label, stage.startS, stage.endS])).toEqual([['1 users', 0.5, 1.5], ['3 users', 1.5, 3]]);
    // Three users keep about three requests in flight: about three times one user's rate on a
    // quiet machine. Only the direction is asserted, so a busy CI machine cannot fail it.
    expect(stages[1]!.requestsPerS).toBeGreaterThan(stages[0]!.requestsPerS);
    expect(new Set(records.filter((record) => record.stage === 1).map((record) => record.vu)).size).toBe(3);
    const measured = records.filter((record) => record.phase === 'measured' && record.errorClass === null);
    expect(result.summary.completed).toBe(measured.length);
    expect(records.some((record) => record.phase === 'warmup')).toBe(true);
    expect(result.summary.durationS).toBe(2.5);
    // Each second is tagged with the stage it starts in: 0 s and 1 s in the first (to 1.5 s), 2 s in the second.
    expect(points.map((point) => point.stage)).toEqual([0, 0, 1]);
  });
});
