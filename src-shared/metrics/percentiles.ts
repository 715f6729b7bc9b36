import type { LatencyStats } from '../schemas/run-result';

/**
 * What percentile readers need from a histogram. hdr-histogram-js satisfies it structurally,
 * so this module stays free of the library (and of Node) and the UI can use it too.
 */
export interface HistogramReader {
  readonly totalCount: number;
  readonly mean: number;
  getValueAtPercentile(percentile: number): number;
}

/** LatencyStats of nothing recorded: every field 0, count 0 (the UI shows "—" for count 0). */
export const emptyLatencyStats: LatencyStats = Object.freeze({ count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });

/**
 * Reads a µs histogram into millisecond percentiles, rounded to whole µs. HDR reports each
 * percentile as the top of its bucket (min as the bottom), so values are within the metric's
 * declared precision (0.1 % at 3 significant digits) of the recorded samples.
 */
export function latencyStatsMs(histogram: HistogramReader): LatencyStats {
  const count = histogram.totalCount;
  if (count === 0) return { ...emptyLatencyStats };
  return {
    count,
    min: usToMs(histogram.getValueAtPercentile(0)),
    mean: usToMs(histogram.mean),
    p50: usToMs(histogram.getValueAtPercentile(50)),
    p90: usToMs(histogram.getValueAtPercentile(90)),
    p95: usToMs(histogram.getValueAtPercentile(95)),
    p99: usToMs(histogram.getValueAtPercentile(99)),
    // Percentile 100, not the exact recorded max: an encoded snapshot keeps only the bucket, so
    // this is the one reading that is the same before and after a merge.
    max: usToMs(histogram.getValueAtPercentile(100)),
  };
}

/** One percentile in ms, or null when the histogram is empty (a second with no completions). */
export function percentileMs(histogram: HistogramReader, percentile: number): number | null {
  return histogram.totalCount === 0 ? null : usToMs(histogram.getValueAtPercentile(percentile));
}

export function usToMs(valueUs: number): number {
  return Math.round(valueUs) / 1000;
}
