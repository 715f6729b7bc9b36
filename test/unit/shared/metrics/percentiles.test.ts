import { describe, expect, it } from 'vitest';
import { emptyLatencyStats, latencyStatsMs, percentileMs } from '../../../../src-shared/metrics/percentiles';
import { formatPlain as formatMs } from '../../../../src-shared/format/numbers';
import { formatErrors, formatSummaryTable } from '../../../../src-shared/metrics/summary-table';
import type { RunSummary } from '../../../../src-shared/schemas/run-result';

/** A reader over raw µs samples, standing in for a histogram. */
function reader(samplesUs: number[]) {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  return {
    totalCount: sorted.length,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    getValueAtPercentile: (percentile: number) => sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] ?? 0,
  };
}

describe('latencyStatsMs', () => {
  it('converts µs percentiles to ms', () => {
    const stats = latencyStatsMs(reader([1000, 2000, 3000, 4000, 200_000]));
    expect(stats).toEqual({ count: 5, min: 1, mean: 42, p50: 3, p90: 200, p95: 200, p99: 200, max: 200 });
  });

  it('reads an empty histogram as zeros with count 0, and a missing percentile as null', () => {
    expect(latencyStatsMs(reader([]))).toEqual(emptyLatencyStats);
    expect(percentileMs(reader([]), 50)).toBeNull();
  });
});

describe('summary table', () => {
  const stats = { count: 10, min: 1, mean: 2, p50: 2, p90: 3, p95: 4, p99: 5, max: 6 };
  const summary: RunSummary = {
    completed: 10,
    failed: 2,
    durationS: 5,
    requestsPerS: 2,
    outputTokensPerS: 256,
    inputTokens: 90,
    outputTokens: 1280,
    ttftMs: { ...stats, p50: 201.4 },
    itlMs: { ...stats, p50: 20.04 },
    e2eMs: stats,
    errorsByClass: { http_5xx: 1, timeout: 1, cancelled: 3 },
  };

  it('lists percentiles per metric, errors by class, and cancellations apart from failures', () => {
    const text = formatSummaryTable(summary).join('\n');
    expect(text).toContain('10 completed, 2 failed, 3 cancelled at the end (not failures)');
    expect(text).toMatch(/TTFT\s+201\s/);
    expect(text).toMatch(/ITL\s+20\.0\s/);
    expect(text).not.toContain('TPOT');
    expect(text).toContain('256 output tok/s');
    expect(formatErrors(summary.errorsByClass)).toBe('http_5xx 1, timeout 1');
  });

  it('warns when the load generator itself was near saturation', () => {
    expect(formatSummaryTable({ ...summary, loadgenBusyFraction: 0.31 }).join('\n')).toContain('busiest thread 31% busy\n'.trim());
    expect(formatSummaryTable({ ...summary, loadgenBusyFraction: 0.31 }).join('\n')).not.toContain('saturation');
    expect(formatSummaryTable({ ...summary, loadgenBusyFraction: 0.93 }).join('\n')).toContain('near saturation');
  });

  it('formats ms with sensible precision', () => {
    expect([formatMs(1234.5), formatMs(20.04), formatMs(1.234)]).toEqual(['1235', '20.0', '1.23']);
  });
});
