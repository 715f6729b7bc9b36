import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { readRunRequestPoints } from '../../src-main/core/runs/run-request-points';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';

describe('per-request server timings from the demo server (sim engine)', () => {
  let server: DemoServerHandle;
  let result: LoadgenResult;
  const records: RequestRecord[] = [];
  const runsDir = mkdtempSync(join(tmpdir(), 'llmwb-timings-'));

  beforeAll(async () => {
    server = await startDemoServer({ port: 0, engine: 'sim', parallel: 2, ctxSize: 4096, simTokenMs: 2 });
    await server.ready;
    // 6 users on 2 slots: most requests wait in the server's queue before their prefill.
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 6 }, requestCount: 18, durationS: 60, maxTokens: 12, ignoreEos: true });
    const run = startLoadgen({ runId: 'timings', plan, workerEntry: defaultWorkerEntry(), sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: () => undefined } });
    result = await run.done;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('records the server prompt time and decode rate on every request record', () => {
    expect(result.summary).toMatchObject({ completed: 18, failed: 0 });
    expect(records).toHaveLength(18);
    for (const record of records) {
      expect(record.serverPromptMs).toEqual(expect.any(Number));
      expect(record.serverPredictedPerS).toBeGreaterThan(0);
      // Client TTFT holds the server's prefill plus queueing, network and HTTP.
      expect(record.ttftMs!).toBeGreaterThanOrEqual(record.serverPromptMs!);
    }
  });

  it('finds no token-count disagreement where usage, timings and chunks agree', () => {
    expect(records.some((record) => record.tokenDisagreement !== undefined)).toBe(false);
    expect(result.summary.tokenSource).toMatchObject({ primary: 'usage', disagreements: 0 });
  });

  it('reads the pairs back from requests.jsonl for the chart', async () => {
    mkdirSync(join(runsDir, 'timings'));
    writeFileSync(join(runsDir, 'timings', 'requests.jsonl'), records.map((record) => JSON.stringify(record)).join('\n') + '\n');
    const points = await readRunRequestPoints({ runsDir, runId: 'timings', limit: 5000 });
    expect(points).toMatchObject({ requests: 18, paired: 18 });
    expect(points.points.every((point) => point.ttftMs >= point.serverPromptMs)).toBe(true);
  });
});
