import { describe, expect, it } from 'vitest';
import { RequestTiming } from '../../../../src-main/core/loadgen/client/request-timing';
import { SeriesAccumulator } from '../../../../src-main/core/loadgen/series';
import type { SnapshotMessage } from '../../../../src-main/core/loadgen/worker/protocol';
import { WorkerMetrics } from '../../../../src-main/core/loadgen/worker/worker-metrics';

const runStartMs = 1_000_000;

/** A finished request on the run clock: sent at sentS, first token after ttftMs, tokens every itlMs. */
function request(options: { sentS: number; ttftMs: number; itlMs: number; tokens: number; errorClass?: 'http_5xx' | 'cancelled' }): RequestTiming {
  const timing = new RequestTiming();
  timing.reset(runStartMs + options.sentS * 1000);
  if (options.errorClass) {
    timing.endMs = timing.sentMs + options.ttftMs;
    timing.fail(options.errorClass, 'test');
    return timing;
  }
  for (let index = 0; index < options.tokens; index += 1) timing.onContent(timing.sentMs + options.ttftMs + index * options.itlMs);
  timing.usageOutputTokens = options.tokens;
  timing.endMs = timing.lastContentMs;
  return timing;
}

function snapshot(workerIndex: number, metrics: WorkerMetrics, elapsedMs: number, inFlight = 0): SnapshotMessage {
  const { seconds, records } = metrics.takeDeltas();
  return { type: 'snapshot', workerIndex, elapsedMs, inFlight, started: 0, seconds, records };
}

describe('per-second series', () => {
  it('sums counts of all workers per second and merges their histograms', () => {
    const series = new SeriesAccumulator(2, 59);
    const workers = [0, 1].map((workerIndex) => new WorkerMetrics({ runStartMs, workerIndex, lastSecond: 59 }));
    // Both workers finish requests in second 0 (ending at 0.3 s and 0.5 s) and one in second 1.
    workers[0]!.recordRequest(request({ sentS: 0, ttftMs: 100, itlMs: 20, tokens: 11 }), { vu: 0, seq: 0 });
    workers[1]!.recordRequest(request({ sentS: 0.1, ttftMs: 200, itlMs: 20, tokens: 11 }), { vu: 1, seq: 0 });
    workers[1]!.recordRequest(request({ sentS: 1.2, ttftMs: 300, itlMs: 10, tokens: 3 }), { vu: 1, seq: 1 });
    series.applySnapshot(snapshot(0, workers[0]!, 1100, 1));
    expect(series.closeCompleteSeconds()).toEqual([]); // worker 1 has not reported past 1 s yet
    series.applySnapshot(snapshot(1, workers[1]!, 1600, 1));
    const [first, ...rest] = series.closeCompleteSeconds();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ tS: 0, completed: 2, failed: 0, outputTokens: 22, requestsPerS: 2, outputTokensPerS: 22, inFlight: 2 });
    expect(first!.ttftP50Ms).toBeCloseTo(100, 0);
    expect(first!.ttftP95Ms).toBeCloseTo(200, 0);
    expect(first!.itlP50Ms).toBeCloseTo(20, 0);
    expect(series.totals.counts.completed).toBe(3);
    expect(series.totals.histograms.itl.totalCount).toBe(10 + 10 + 2);
  });

  it('keeps failures out of the latencies and cancellations out of the failures', () => {
    const series = new SeriesAccumulator(1, 59);
    const metrics = new WorkerMetrics({ runStartMs, workerIndex: 0, lastSecond: 59 });
    metrics.recordRequest(request({ sentS: 0, ttftMs: 50, itlMs: 0, tokens: 0, errorClass: 'http_5xx' }), { vu: 0, seq: 0 });
    metrics.recordRequest(request({ sentS: 0.5, ttftMs: 100, itlMs: 0, tokens: 0, errorClass: 'cancelled' }), { vu: 1, seq: 1 });
    series.applySnapshot(snapshot(0, metrics, 1000));
    const [point] = series.closeCompleteSeconds();
    expect(point).toMatchObject({ completed: 0, failed: 1, ttftP50Ms: null, e2eP50Ms: null });
    expect(series.totals.counts).toMatchObject({ failed: 1, cancelled: 1, errors: { http_5xx: 1, cancelled: 1 } });
  });

  it('emits empty seconds too and gives the last, partial second its real length', () => {
    const series = new SeriesAccumulator(1, 59);
    const metrics = new WorkerMetrics({ runStartMs, workerIndex: 0, lastSecond: 59 });
    metrics.recordRequest(request({ sentS: 2.1, ttftMs: 100, itlMs: 10, tokens: 5 }), { vu: 0, seq: 0 });
    series.applySnapshot(snapshot(0, metrics, 2300));
    series.markWorkerFinished(0);
    const points = series.closeAll(2500);
    expect(points.map((point) => point.tS)).toEqual([0, 1, 2]);
    expect(points[0]).toMatchObject({ completed: 0, requestsPerS: 0, ttftP50Ms: null });
    expect(points[2]).toMatchObject({ completed: 1, outputTokens: 5, requestsPerS: 2, outputTokensPerS: 10 });
  });

  it('folds requests cancelled a hair after the end into the last point', () => {
    const series = new SeriesAccumulator(1, 59);
    const metrics = new WorkerMetrics({ runStartMs, workerIndex: 0, lastSecond: 59 });
    metrics.recordRequest(request({ sentS: 1.5, ttftMs: 100, itlMs: 10, tokens: 2 }), { vu: 0, seq: 0 });
    metrics.recordRequest(request({ sentS: 1.9, ttftMs: 100.5, itlMs: 0, tokens: 0, errorClass: 'cancelled' }), { vu: 1, seq: 1 });
    series.applySnapshot(snapshot(0, metrics, 2001));
    series.markWorkerFinished(0);
    const points = [...series.closeCompleteSeconds(), ...series.closeAll(2000)];
    expect(points.map((point) => point.tS)).toEqual([0, 1]);
    expect(points[1]).toMatchObject({ completed: 1, requestsPerS: 1 });
  });

  it('counts requests that end just after a 2 s deadline in second 1 and never closes it early', () => {
    const series = new SeriesAccumulator(1, 1);
    const metrics = new WorkerMetrics({ runStartMs, workerIndex: 0, lastSecond: 1 });
    metrics.recordRequest(request({ sentS: 1.5, ttftMs: 100, itlMs: 10, tokens: 2 }), { vu: 0, seq: 0 });
    metrics.recordRequest(request({ sentS: 1.8, ttftMs: 203, itlMs: 0, tokens: 1 }), { vu: 1, seq: 1 });
    series.applySnapshot(snapshot(0, metrics, 2004));
    expect(series.closeCompleteSeconds().map((point) => point.tS)).toEqual([0]);
    series.markWorkerFinished(0);
    const points = series.closeAll(2000);
    expect(points.map((point) => point.tS)).toEqual([1]);
    expect(points[0]).toMatchObject({ completed: 2, requestsPerS: 2 });
  });
});
