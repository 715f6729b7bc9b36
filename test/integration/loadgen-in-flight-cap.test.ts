import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequestTarget, type PromptInput } from '../../src-main/core/loadgen/client/request-target';
import { houseClock } from '../../src-main/core/clock';
import type { OpenAssignment } from '../../src-main/core/loadgen/executors/open-loop';
import { planExecution } from '../../src-main/core/loadgen/plan';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { InFlightSlots, inFlightSlotsBytes } from '../../src-main/core/loadgen/worker/in-flight-slots';
import { OpenRunner } from '../../src-main/core/loadgen/worker/open-runner';
import { WorkerMetrics, type WorkerMetricsIdentity } from '../../src-main/core/loadgen/worker/worker-metrics';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

/**
 * Arrivals are dealt round-robin, and request k sends prompt k mod 2: every arrival of worker
 * 0 asks the slow prompt and every arrival of worker 1 the quick one, so worker 0 fills the
 * run's slots while worker 1 frees its own at once: the case a cap split per worker got wrong.
 */
const prompts: PromptInput[] = [
  { messages: [{ role: 'user', content: 'slow' }], maxTokens: null },
  { messages: [{ role: 'user', content: 'quick' }], maxTokens: null },
];
const isSlow = (record: RequestRecord): boolean => record.vu % 2 === 0;

/** A witness on a real WorkerMetrics: the run-wide slots held at the instant of each drop. */
class DropWitness extends WorkerMetrics {
  readonly heldAtDrops: number[] = [];
  constructor(
    identity: WorkerMetricsIdentity,
    private readonly slots: InFlightSlots,
  ) {
    super(identity);
  }

  override recordDropped(scheduledMs: number): void {
    this.heldAtDrops.push(this.slots.held);
    super.recordDropped(scheduledMs);
  }
}

interface CappedRun {
  result: LoadgenResult;
  records: RequestRecord[];
}

async function runCapped(server: ScriptedServer, load: Record<string, unknown>, durationS: number): Promise<CappedRun> {
  const plan = RunPlan.parse({ url: server.url, durationS, maxTokens: 2, load: { kind: 'open-constant', ...load } });
  const records: RequestRecord[] = [];
  const sink = { records: (batch: RequestRecord[]) => records.push(...batch), series: () => undefined, progress: () => undefined };
  const result = await startLoadgen({ runId: 'cap', plan, workerEntry: defaultWorkerEntry(), workerCount: 2, prompts, sink }).done;
  return { result, records };
}

describe('one in-flight cap for the whole open-loop run', () => {
  let server: ScriptedServer;
  let slowFirstTokenMs = 30_000;
  /** Streams open at the server when each request arrived, that one included. */
  let openAtArrival: number[] = [];
  beforeAll(async () => {
    server = await startScriptedServer();
    server.setReply((request) => {
      openAtArrival.push(server.openStreams + 1);
      const content = (request.body?.messages as Array<{ content: string }> | undefined)?.[0]?.content;
      return content === 'slow' ? { firstTokenDelayMs: slowFirstTokenMs } : {};
    });
  });
  afterAll(() => server.close());

  it('drops an arrival only when the whole run holds its cap, whichever worker the arrival falls on', async () => {
    slowFirstTokenMs = 30_000;
    const cap = 4;
    const plan = RunPlan.parse({ url: server.url, durationS: 1.5, maxTokens: 2, load: { kind: 'open-constant', rateRps: 20, maxInFlight: cap, whenFull: 'drop' } });
    const runStartMs = houseClock();
    const slots = new InFlightSlots(new SharedArrayBuffer(inFlightSlotsBytes), cap);
    const target = buildRequestTarget(plan, { prompts });
    // Two workers' runners on one thread, sharing the run's slots as worker threads do.
    const witnesses = [0, 1].map((workerIndex) => new DropWitness({ runStartMs, workerIndex, lastSecond: 1 }, slots));
    const runners = (planExecution(plan, 2) as OpenAssignment[]).map((share, index) => new OpenRunner({ target, runStartMs, deadlineMs: runStartMs + 1500, metrics: witnesses[index]! }, share, slots));
    await Promise.all(runners.map((runner) => runner.run()));
    const [slowWorker, quickWorker] = witnesses.map((witness) => witness.heldAtDrops);
    expect(quickWorker!.length).toBeGreaterThan(0);
    expect(slowWorker!.length).toBeGreaterThan(0);
    expect([...slowWorker!, ...quickWorker!].filter((held) => held !== cap)).toEqual([]);
  });

  it('across worker threads, with whenFull drop, fills the cap from one worker and then drops from both, never sending past it', async () => {
    slowFirstTokenMs = 30_000;
    openAtArrival = [];
    const cap = 4;
    const { result, records } = await runCapped(server, { rateRps: 20, maxInFlight: cap, whenFull: 'drop' }, 2);
    expect(result.status).toBe('completed');
    // The slow requests the server held to the end are the run's whole cap, not one worker's share.
    const held = records.filter((record) => record.errorClass === 'cancelled');
    expect(held.length).toBe(cap);
    expect(held.every(isSlow)).toBe(true);
    const capReachedMs = Math.max(...held.map((record) => record.sentMs));
    expect(records.filter((record) => record.sentMs > capReachedMs).map((record) => record.vu)).toEqual([]);
    // 40 arrivals in 2 s at 20/s; a worker late at the deadline may leave its last one unsent.
    const dropped = result.summary.arrivals?.dropped ?? 0;
    expect(records.length + dropped).toBeGreaterThanOrEqual(38);
    const quickSent = new Set(records.filter((record) => !isSlow(record)).map((record) => record.vu));
    expect(quickSent.size).toBeLessThan(cap + 2);
    expect(dropped).toBeGreaterThan(20);
    expect(Math.max(...openAtArrival)).toBeLessThanOrEqual(cap);
  });

  it('across worker threads, with whenFull wait, sends a waiting arrival on a slot another worker freed, oldest first', async () => {
    slowFirstTokenMs = 400;
    openAtArrival = [];
    const cap = 2;
    const { result, records } = await runCapped(server, { rateRps: 10, maxInFlight: cap, whenFull: 'wait' }, 3);
    expect(result.status).toBe('completed');
    // The quick worker never holds a slot long: each of its late sends took one the slow worker gave back.
    // (A cap split per worker let the quick worker send on time; only a lagging loop would make one late.)
    const quick = records.filter((record) => !isSlow(record));
    const quickLate = quick.filter((record) => record.sentMs - record.scheduledMs > 100);
    expect(quickLate.length).toBeGreaterThanOrEqual(Math.max(3, quick.length / 2));
    // Slots go in the order arrivals came due, across workers: none is overtaken by one due 200 ms (two arrivals) later.
    const overtaken = records.flatMap((early) => records.filter((later) => later.scheduledMs >= early.scheduledMs + 200 && later.sentMs < early.sentMs).map((later) => [early.vu, later.vu]));
    expect(overtaken).toEqual([]);
    expect(Math.max(...openAtArrival)).toBeLessThanOrEqual(cap);
  });
});
