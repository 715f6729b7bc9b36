import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { maxRefusedAttemptsWithin } from '../../src-main/core/loadgen/worker/connect-backoff';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { startScriptedServer, type ScriptedReply } from '../support/scripted-server';

/** Epoch ms on this thread's clock, the clock the workers stamp records with. */
const epochNowMs = (): number => performance.timeOrigin + performance.now();

/** Resolves once `check` holds; it is re-checked each time the run hands over a batch of records. */
function whenRecords(records: RequestRecord[], check: (records: RequestRecord[]) => boolean, what: string) {
  let settle: (() => void) | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 30_000);
    settle = () => (clearTimeout(timer), resolve());
  });
  const poke = (): void => {
    if (settle && check(records)) settle();
  };
  poke();
  return { done, poke };
}

const users = 8;
const reply: ScriptedReply = { firstTokenDelayMs: 10, tokenIntervalMs: 10, tokens: 4 };

describe('a server that goes away in the middle of a closed-loop run', () => {
  it('backs each user off while connections are refused, marks the outage on the run clock, and sends again once the server is back', async () => {
    let server = await startScriptedServer(reply);
    const port = Number(new URL(server.url).port);
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: users }, durationS: 120, maxTokens: 4 });
    const records: RequestRecord[] = [];
    let waiter = whenRecords(records, (seen) => seen.filter((record) => record.errorClass === null).length >= 2 * users, 'successes before the outage');
    const run = startLoadgen({
      runId: 'outage',
      plan,
      workerEntry: defaultWorkerEntry(),
      workerCount: 2,
      sink: { records: (batch) => (records.push(...batch), waiter.poke()), series: () => undefined, progress: () => undefined },
    });
    try {
      await waiter.done;
      const closedAtMs = epochNowMs();
      await server.close();
      waiter = whenRecords(records, (seen) => seen.filter((record) => record.errorClass === 'connection_refused').length >= 5 * users, 'every user to be refused a few times');
      await waiter.done;
      // The server may answer as soon as it listens, before this thread (slow on a busy machine)
      // runs again: the outage can end any time after reopeningAtMs, and has ended by reopenedAtMs.
      const reopeningAtMs = epochNowMs();
      server = await startScriptedServer(reply, { port });
      const reopenedAtMs = epochNowMs();
      const isBackAfter = (record: RequestRecord): boolean => record.errorClass === null && record.sentMs >= reopenedAtMs;
      waiter = whenRecords(records, (seen) => seen.filter(isBackAfter).length >= users, 'successes after the server came back');
      await waiter.done;
      run.stop();
      const { summary } = await run.done;

      // Every refused attempt was sent while nothing listened, and no user can try more often
      // than the floors of its backoff waits allow in that time (a few ms of slack for the clocks).
      const outageMs = reopenedAtMs - closedAtMs + 20;
      const refused = records.filter((record) => record.errorClass === 'connection_refused');
      expect(refused.length).toBeGreaterThanOrEqual(5 * users);
      expect(refused.length).toBeLessThanOrEqual(users * maxRefusedAttemptsWithin(outageMs));
      expect(summary.errorsByClass.connection_refused).toBe(refused.length);

      expect(summary.serverOutages).toHaveLength(1);
      const outage = summary.serverOutages![0]!;
      expect(outage.refusedCount).toBe(refused.length);
      expect(outage.fromMs).toBeGreaterThanOrEqual(closedAtMs - 20);
      expect(outage.toMs).toBeDefined();
      expect(outage.toMs!).toBeGreaterThanOrEqual(reopeningAtMs - 20);
      expect(outage.toS! - outage.fromS).toBeCloseTo((outage.toMs! - outage.fromMs) / 1000, 2);
      // Each worker ends its own outage; the merged end is the latest, so count from the restart.
      expect(records.filter((record) => record.errorClass === null && record.sentMs >= reopeningAtMs).length).toBeGreaterThanOrEqual(users);

      expect(summary.connectBackoff?.waits).toBeGreaterThanOrEqual(refused.length - users);
      expect(summary.connectBackoff?.longestWaitMs).toBeGreaterThanOrEqual(25);
    } finally {
      run.stop();
      await run.done;
      await server.close();
    }
  });

  it('sends open-loop arrivals on schedule during an outage and counts each as a refused failure, none dropped', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const plan = RunPlan.parse({ url: `http://127.0.0.1:${port}`, load: { kind: 'open-constant', rateRps: 40 }, durationS: 1, maxTokens: 4 });
    const run = startLoadgen({ runId: 'open-outage', plan, workerEntry: defaultWorkerEntry(), workerCount: 1, sink: { records: () => undefined, series: () => undefined, progress: () => undefined } });
    const { summary } = await run.done;
    // 40 arrivals are due in the second; one due just before the deadline may miss it on a busy machine.
    const sent = summary.arrivals!.sent;
    expect(sent).toBeGreaterThanOrEqual(35);
    expect(summary.arrivals!.dropped).toBe(0);
    expect(summary.errorsByClass).toEqual({ connection_refused: sent });
    expect(summary.serverOutages).toEqual([expect.objectContaining({ refusedCount: sent })]);
    expect(summary.serverOutages![0]!.toMs).toBeUndefined();
    expect(summary.connectBackoff).toBeUndefined();
  });
});
