import { describe, expect, it } from 'vitest';
import { mergeServerOutages, OutageTracker, sumConnectBackoff } from '../../../../src-main/core/loadgen/server-outages';
import { maxOutagesPerWorker, type Reachability } from '../../../../src-main/core/loadgen/worker/protocol';
import { RunSummary } from '../../../../src-shared/schemas/run-result';

const runStartMs = 1_700_000_000_000;
const at = (seconds: number): number => runStartMs + seconds * 1000;
const refused = (seconds: number) => ({ sentMs: at(seconds), errorClass: 'connection_refused' as const, isAnswered: false });
const answered = (seconds: number) => ({ sentMs: at(seconds), errorClass: null, isAnswered: true });

describe('outage tracker', () => {
  it('has nothing to say while the server never refused', () => {
    const tracker = new OutageTracker();
    tracker.recordAttempt(answered(1));
    tracker.recordAttempt({ sentMs: at(2), errorClass: 'timeout', isAnswered: false });
    expect(tracker.read()).toBeUndefined();
  });

  it('opens an outage at the first refusal and closes it at the first answer sent after the last refusal', () => {
    const tracker = new OutageTracker();
    tracker.recordAttempt(answered(1));
    for (const seconds of [12.3, 12.35, 13, 15]) tracker.recordAttempt(refused(seconds));
    expect(tracker.read()?.outages).toEqual([{ fromMs: at(12.3), lastRefusedMs: at(15), refusedCount: 4 }]);
    tracker.recordAttempt(answered(18.9));
    expect(tracker.read()?.outages).toEqual([{ fromMs: at(12.3), toMs: at(18.9), lastRefusedMs: at(15), refusedCount: 4 }]);
  });

  it('does not close an outage on timeouts, resets, cancellations or an answer to a request sent before the last refusal', () => {
    const tracker = new OutageTracker();
    tracker.recordAttempt(refused(5));
    tracker.recordAttempt({ sentMs: at(6), errorClass: 'timeout', isAnswered: false });
    tracker.recordAttempt({ sentMs: at(6), errorClass: 'connection_reset', isAnswered: false });
    tracker.recordAttempt({ sentMs: at(7), errorClass: 'cancelled', isAnswered: false });
    tracker.recordAttempt(answered(4)); // a long stream that started before the outage
    expect(tracker.read()?.outages[0]?.toMs).toBeUndefined();
  });

  it('counts an answer with an HTTP error status as the server being back', () => {
    const tracker = new OutageTracker();
    tracker.recordAttempt(refused(5));
    tracker.recordAttempt({ sentMs: at(6), errorClass: 'http_5xx', isAnswered: true });
    expect(tracker.read()?.outages[0]?.toMs).toBe(at(6));
  });

  it('folds a refusal that ended after the closing answer into the outage it belongs to', () => {
    const tracker = new OutageTracker();
    tracker.recordAttempt(refused(5));
    tracker.recordAttempt(answered(8));
    tracker.recordAttempt(refused(7.9));
    expect(tracker.read()?.outages).toEqual([{ fromMs: at(5), toMs: at(8), lastRefusedMs: at(7.9), refusedCount: 2 }]);
  });

  it('keeps separate outages apart and joins a flapping server past the cap into the last one', () => {
    const tracker = new OutageTracker();
    for (let index = 0; index < maxOutagesPerWorker + 5; index += 1) {
      tracker.recordAttempt(refused(index * 2));
      tracker.recordAttempt(answered(index * 2 + 1));
    }
    const outages = tracker.read()!.outages;
    expect(outages).toHaveLength(maxOutagesPerWorker);
    expect(outages[0]).toEqual({ fromMs: at(0), toMs: at(1), lastRefusedMs: at(0), refusedCount: 1 });
    expect(outages.at(-1)).toMatchObject({ fromMs: at((maxOutagesPerWorker - 1) * 2), toMs: at((maxOutagesPerWorker + 4) * 2 + 1), refusedCount: 6 });
    expect(outages.reduce((sum, outage) => sum + outage.refusedCount, 0)).toBe(maxOutagesPerWorker + 5);
  });

  it('adds up the backoff waits and keeps the longest', () => {
    const tracker = new OutageTracker();
    tracker.recordBackoff(30);
    tracker.recordBackoff(1500);
    expect(tracker.read()?.backoff).toEqual({ waits: 2, waitedMs: 1530, longestWaitMs: 1500 });
  });
});

describe('merging the workers outages into the run summary', () => {
  const noBackoff = { waits: 0, waitedMs: 0, longestWaitMs: 0 };
  const worker = (outages: Reachability['outages'], backoff = noBackoff): Reachability => ({ outages, backoff });

  it('makes one outage of the overlapping pieces two workers saw, on the run time axis', () => {
    const outages = mergeServerOutages(
      [
        worker([{ fromMs: at(12.3), toMs: at(18.9), lastRefusedMs: at(17), refusedCount: 20 }]),
        worker([{ fromMs: at(12.31), toMs: at(18.95), lastRefusedMs: at(18.5), refusedCount: 21 }]),
      ],
      runStartMs,
    );
    expect(outages).toEqual([{ fromMs: at(12.3), toMs: at(18.95), fromS: 12.3, toS: 18.95, refusedCount: 41 }]);
    expect(RunSummary.shape.serverOutages.parse(outages)).toEqual(outages);
  });

  it('keeps an outage open when a worker was refused after the last answer any worker saw', () => {
    const outages = mergeServerOutages(
      [worker([{ fromMs: at(5), toMs: at(7), lastRefusedMs: at(6), refusedCount: 3 }]), worker([{ fromMs: at(5.1), lastRefusedMs: at(9), refusedCount: 4 }])],
      runStartMs,
    );
    expect(outages).toEqual([{ fromMs: at(5), fromS: 5, refusedCount: 7 }]);
  });

  it('closes an outage a lagging worker still holds open once another worker saw the server answer after its last refusal', () => {
    const outages = mergeServerOutages(
      [worker([{ fromMs: at(5), lastRefusedMs: at(8), refusedCount: 3 }]), worker([{ fromMs: at(5.1), toMs: at(8.5), lastRefusedMs: at(8.2), refusedCount: 4 }])],
      runStartMs,
    );
    expect(outages).toEqual([{ fromMs: at(5), toMs: at(8.5), fromS: 5, toS: 8.5, refusedCount: 7 }]);
  });

  it('keeps outages apart that do not overlap', () => {
    const outages = mergeServerOutages(
      [worker([{ fromMs: at(2), toMs: at(3), lastRefusedMs: at(2.5), refusedCount: 2 }]), worker([{ fromMs: at(10), toMs: at(11), lastRefusedMs: at(10.5), refusedCount: 1 }])],
      runStartMs,
    );
    expect(outages.map((outage) => [outage.fromS, outage.toS])).toEqual([
      [2, 3],
      [10, 11],
    ]);
  });

  it('sums the backoff over workers, or says nothing when no user waited', () => {
    expect(sumConnectBackoff([worker([]), worker([])])).toBeUndefined();
    expect(sumConnectBackoff([worker([], { waits: 3, waitedMs: 1200.4, longestWaitMs: 800.2 }), worker([], { waits: 2, waitedMs: 2100, longestWaitMs: 1999.6 })])).toEqual({ waits: 5, waitedS: 3.3, longestWaitMs: 2000 });
  });
});
