import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEncodedHistograms, createLatencyHistograms, encodeHistograms, readLatencyStatsMs } from '../../../../src-main/core/loadgen/histograms';
import { latencyMetrics, toRecordedUs } from '../../../../src-shared/metrics/definitions';
import { latencyStatsMs } from '../../../../src-shared/metrics/percentiles';

/** Exact percentile of raw samples, the way HDR defines it (the value at rank ceil(p/100·n)). */
function exactPercentile(samples: readonly number[], percentile: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1]!;
}

describe('histogram merge', () => {
  it('merges worker histograms without losing the p99', () => {
    // Worker 0 saw only fast requests; worker 1 saw the slow 2 % that make the p99.
    const fast = Array.from({ length: 980 }, (_, index) => 100_000 + index * 10);
    const slow = Array.from({ length: 20 }, (_, index) => 2_000_000 + index * 1000);
    const workers = [fast, slow].map((samples) => {
      const histograms = createLatencyHistograms(32);
      samples.forEach((valueUs) => histograms.e2e.recordValue(valueUs));
      return encodeHistograms(histograms);
    });
    const merged = createLatencyHistograms(64);
    workers.forEach((encoded) => addEncodedHistograms(encoded, [merged]));
    const p99Us = merged.e2e.getValueAtPercentile(99);
    const trueP99Us = exactPercentile([...fast, ...slow], 99);
    expect(trueP99Us).toBeGreaterThanOrEqual(2_000_000);
    expect(Math.abs(p99Us - trueP99Us) / trueP99Us).toBeLessThan(0.001);
    expect(merged.e2e.totalCount).toBe(1000);
  });

  it('gives the same percentiles however samples are spread over workers and snapshots', () => {
    const sample = fc.integer({ min: 0, max: 60_000_000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(sample, fc.nat(3)), { minLength: 1, maxLength: 300 }), (assigned) => {
        const single = createLatencyHistograms(64);
        const perWorker = [0, 1, 2, 3].map(() => createLatencyHistograms(32));
        for (const [valueUs, worker] of assigned) {
          single.ttft.recordValue(valueUs);
          perWorker[worker]!.ttft.recordValue(valueUs);
        }
        const merged = createLatencyHistograms(64);
        perWorker.forEach((histograms) => addEncodedHistograms(encodeHistograms(histograms), [merged]));
        expect(latencyStatsMs(merged.ttft)).toEqual(latencyStatsMs(single.ttft));
        for (const percentile of [50, 90, 99]) {
          const exact = exactPercentile(assigned.map(([valueUs]) => valueUs), percentile);
          expect(Math.abs(merged.ttft.getValueAtPercentile(percentile) - exact)).toBeLessThanOrEqual(Math.max(1, exact / 1000));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('leaves metrics with nothing recorded out of a snapshot', () => {
    const histograms = createLatencyHistograms(32);
    histograms.itl.recordValue(20_000);
    expect(Object.keys(encodeHistograms(histograms))).toEqual(['itl']);
  });

  it('records ms as whole µs and clamps to the declared range', () => {
    expect(toRecordedUs(200.0004, latencyMetrics.ttft)).toBe(200_000);
    expect(toRecordedUs(-3, latencyMetrics.ttft)).toBe(0);
    expect(toRecordedUs(10 * 3_600_000, latencyMetrics.e2e)).toBe(latencyMetrics.e2e.highestTrackableUs);
  });
});

describe('readLatencyStatsMs', () => {
  it('reads exactly what the generic percentile reader reads, in one pass', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000_000 }), { maxLength: 400 }), fc.boolean(), (samples, viaSnapshot) => {
        const recorded = createLatencyHistograms(32);
        samples.forEach((valueUs) => recorded.e2e.recordValue(valueUs));
        const histograms = createLatencyHistograms(64);
        if (viaSnapshot) addEncodedHistograms(encodeHistograms(recorded), [histograms]);
        else histograms.e2e.add(recorded.e2e);
        expect(readLatencyStatsMs(histograms.e2e)).toEqual(latencyStatsMs(histograms.e2e));
      }),
      { numRuns: 80 },
    );
  });
});
