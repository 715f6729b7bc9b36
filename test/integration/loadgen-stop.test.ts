import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import type { RunProgress } from '../../src-shared/schemas/run-result';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

function waitFor(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 10);
  });
}

describe('stopping a run', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer((request) => {
      // Odd requests are short, even ones stream for 20 s: a stop always finds some in flight.
      const isShort = server.requests.filter((seen) => seen.path === '/v1/chat/completions').indexOf(request) % 2 === 1;
      return { firstTokenDelayMs: 20, tokenIntervalMs: 10, tokens: isShort ? 5 : 2000 };
    });
  });
  afterAll(() => server.close());

  // The 1 s promise is measured on a quiet machine by `npm run bench:loadgen`; here, on a 2-core
  // machine another process may be loading, the bound only catches a stop that waits for streams.
  it('ends the run soon after stop() (not after the 20 s streams), cancels what was in flight and keeps what was measured', async () => {
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 6 }, durationS: 60, maxTokens: 2000 });
    const records: RequestRecord[] = [];
    const progress: RunProgress[] = [];
    const run = startLoadgen({
      runId: 'stop',
      plan,
      workerEntry: defaultWorkerEntry(),
      workerCount: 2,
      sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: (event) => progress.push(event) },
    });
    await waitFor(() => (progress.at(-1)?.completed ?? 0) >= 3 && (progress.at(-1)?.inFlight ?? 0) >= 3, 'completed and in-flight requests');
    const stoppedAtMs = performance.now();
    run.stop();
    const result = await run.done;
    const tookMs = performance.now() - stoppedAtMs;

    expect(tookMs).toBeLessThan(5000);
    expect(result.status).toBe('stopped');
    const cancelled = records.filter((record) => record.errorClass === 'cancelled');
    expect(cancelled.length).toBeGreaterThanOrEqual(3);
    expect(result.summary.errorsByClass.cancelled).toBe(cancelled.length);
    expect(result.summary.failed).toBe(0);
    expect(result.summary.completed).toBeGreaterThanOrEqual(3);
    expect(records).toHaveLength(result.summary.completed + cancelled.length);
    // Long streams cut by the stop keep their partial measurements in requests.jsonl.
    expect(cancelled.some((record) => record.firstTokenMs !== null && record.contentChunks > 0)).toBe(true);
    await waitFor(() => server.openStreams === 0, 'the server to see every stream closed');
  });
});
