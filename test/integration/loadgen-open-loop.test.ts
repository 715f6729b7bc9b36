import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import type { SeriesPoint } from '../../src-shared/schemas/run-result';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';

const freezeMs = 2000;
const rateRps = 20;

interface FrozenRun {
  result: LoadgenResult;
  records: RequestRecord[];
  points: SeriesPoint[];
  /** The freeze on the epoch clock the records use. */
  freezeStartMs: number;
  freezeEndMs: number;
}

/**
 * 4 s of 20 req/s (each answer ~40 ms when the server is well) with the server frozen for 2 s
 * from about 1 s into the run: 40 arrivals fall inside the freeze.
 */
async function runThroughFreeze(server: ScriptedServer, load: Record<string, unknown>): Promise<FrozenRun> {
  const plan = RunPlan.parse({ url: server.url, durationS: 4, maxTokens: 3, load: { kind: 'open-constant', rateRps, ...load } });
  const records: RequestRecord[] = [];
  const points: SeriesPoint[] = [];
  let freezeStartMs = 0;
  const run = startLoadgen({
    runId: 'freeze',
    plan,
    workerEntry: defaultWorkerEntry(),
    workerCount: 2,
    sink: {
      records: (batch) => records.push(...batch),
      series: (batch) => points.push(...batch),
      progress: (progress) => {
        if (freezeStartMs > 0 || progress.elapsedS < 1) return;
        freezeStartMs = performance.timeOrigin + performance.now();
        server.freeze(freezeMs);
      },
    },
  });
  const result = await run.done;
  return { result, records, points, freezeStartMs, freezeEndMs: freezeStartMs + freezeMs };
}

const scheduledInFreeze = (run: FrozenRun): RequestRecord[] => run.records.filter((record) => record.scheduledMs >= run.freezeStartMs && record.scheduledMs < run.freezeEndMs);

/** A request scheduled during the freeze cannot see its first token before the freeze ends (2 ms for clock and write slack). */
const waitedFullFreeze = (run: FrozenRun) => (record: RequestRecord): boolean => record.ttftMs !== null && record.ttftMs >= run.freezeEndMs - record.scheduledMs - 2;

describe('open loop through a 2 s server freeze', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 20, tokenIntervalMs: 10, tokens: 3 });
  });
  afterAll(() => server.close());

  it('without a cap, sends every arrival on time and times each from its schedule, the full wait included', async () => {
    const run = await runThroughFreeze(server, {});
    const frozen = scheduledInFreeze(run);
    expect(run.result.status).toBe('completed');
    expect(frozen.length).toBeGreaterThanOrEqual(rateRps * (freezeMs / 1000) - 1);
    expect(frozen.every((record) => record.errorClass === null)).toBe(true);
    expect(frozen.filter((record) => !waitedFullFreeze(run)(record)).map((record) => [record.scheduledMs - run.freezeStartMs, record.sentMs - run.freezeStartMs, record.ttftMs])).toEqual([]);
    // The first arrival of the freeze waited about the whole 2 s.
    expect(Math.max(...frozen.map((record) => record.ttftMs ?? 0))).toBeGreaterThan(freezeMs - 60);
    expect(run.result.summary.ttftMs.max).toBeGreaterThan(freezeMs - 60);
    expect(run.result.summary.arrivals?.dropped).toBe(0);
    expect(run.result.summary.arrivals?.offeredRps).toBe(rateRps);
  });

  it('with a cap of 4 and whenFull wait, sends the rest late after the freeze, still timed from their schedule, and counts them late', async () => {
    const run = await runThroughFreeze(server, { maxInFlight: 4, whenFull: 'wait' });
    const frozen = scheduledInFreeze(run);
    expect(frozen.length).toBeGreaterThanOrEqual(rateRps * (freezeMs / 1000) - 1);
    expect(frozen.filter((record) => !waitedFullFreeze(run)(record)).map((record) => [record.scheduledMs - run.freezeStartMs, record.sentMs - run.freezeStartMs, record.ttftMs])).toEqual([]);
    const late = frozen.filter((record) => record.isLate);
    expect(late.length).toBeGreaterThanOrEqual(frozen.length - 5);
    // No arrival got a slot before the freeze ended. On a starved machine an arrival with a free
    // slot can still be sent some ms late (the worker's loop lagged): that is not a wait for the cap.
    const waitedForSlot = (record: RequestRecord): boolean => record.sentMs - record.scheduledMs > 250;
    expect(late.filter((record) => record.sentMs < run.freezeEndMs - 2 && waitedForSlot(record)).map((record) => [record.scheduledMs - run.freezeStartMs, record.sentMs - run.freezeStartMs])).toEqual([]);
    expect(run.result.summary.arrivals?.late).toBeGreaterThanOrEqual(late.length);
    expect(run.result.summary.arrivals?.dropped).toBe(0);
    // The first arrivals of the freeze took the 4 slots; the next one waited about 2 s − 4 × 50 ms.
    expect(run.result.summary.sendLagMs?.max).toBeGreaterThan(freezeMs - 300);
    expect(run.points.reduce((sum, point) => sum + (point.late ?? 0), 0)).toBe(run.result.summary.arrivals?.late);
  });

  it('with a cap of 4 and whenFull drop, drops the arrivals that found no slot and counts them', async () => {
    const run = await runThroughFreeze(server, { maxInFlight: 4, whenFull: 'drop' });
    const frozen = scheduledInFreeze(run);
    const dropped = run.result.summary.arrivals?.dropped ?? 0;
    expect(dropped).toBeGreaterThanOrEqual(rateRps * (freezeMs / 1000) - 6);
    expect(frozen.length + dropped).toBeGreaterThanOrEqual(rateRps * (freezeMs / 1000) - 1);
    expect(frozen.filter((record) => !waitedFullFreeze(run)(record)).map((record) => [record.scheduledMs - run.freezeStartMs, record.sentMs - run.freezeStartMs, record.ttftMs])).toEqual([]);
    expect(run.points.reduce((sum, point) => sum + (point.dropped ?? 0), 0)).toBe(dropped);
  });
});
