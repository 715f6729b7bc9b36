import * as hdr from 'hdr-histogram-js';
import { latencyMetricIds, latencyMetrics, type LatencyMetricId } from '../../../src-shared/metrics/definitions';
import { emptyLatencyStats, usToMs } from '../../../src-shared/metrics/percentiles';
import type { LatencyStats } from '../../../src-shared/schemas/run-result';

export type Histogram = hdr.Histogram;

/** One histogram per latency metric, all in µs, laid out as src-shared/metrics/definitions says. */
export type LatencyHistograms = Record<LatencyMetricId, Histogram>;

/** Encoded (compressed base64) histograms; a metric with nothing recorded is left out. */
export type EncodedHistograms = Partial<Record<LatencyMetricId, string>>;

/**
 * 32-bit counts for short-lived interval histograms (one second of one worker); 64-bit
 * (float, exact to 2^53) for run totals, which a long run at high token rates could push
 * past 2^31 ITL samples; 'packed' (sparse) for the many per-stage totals of a long profile.
 */
export type CountWidth = 32 | 64 | 'packed';

export function createHistogram(metric: LatencyMetricId, countWidth: CountWidth = 32): Histogram {
  const definition = latencyMetrics[metric];
  return hdr.build({
    bitBucketSize: countWidth,
    autoResize: false,
    lowestDiscernibleValue: definition.lowestDiscernibleUs,
    highestTrackableValue: definition.highestTrackableUs,
    numberOfSignificantValueDigits: definition.significantDigits,
    useWebAssembly: false,
  });
}

export function createLatencyHistograms(countWidth: CountWidth = 32): LatencyHistograms {
  const histograms = {} as LatencyHistograms;
  for (const metric of latencyMetricIds) histograms[metric] = createHistogram(metric, countWidth);
  return histograms;
}

export function encodeHistograms(histograms: LatencyHistograms): EncodedHistograms {
  const encoded: EncodedHistograms = {};
  for (const metric of latencyMetricIds) {
    if (histograms[metric].totalCount > 0) encoded[metric] = hdr.encodeIntoCompressedBase64(histograms[metric]);
  }
  return encoded;
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Adds every encoded histogram into each target (a per-second bucket and the run totals, say). */
export function addEncodedHistograms(encoded: EncodedHistograms, targets: readonly LatencyHistograms[]): void {
  for (const metric of latencyMetricIds) {
    const text = encoded[metric];
    if (text === undefined) continue;
    const decoded = decodeHistogram(text);
    for (const target of targets) target[metric].add(decoded);
  }
}

export function resetLatencyHistograms(histograms: LatencyHistograms): void {
  for (const metric of latencyMetricIds) histograms[metric].reset();
}

/** The structural parts of hdr-histogram-js's JsHistogram the one-pass reader uses. */
interface CountsView {
  readonly totalCount: number;
  readonly maxValue: number;
  countsArrayIndex(value: number): number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  lowestEquivalentValue(value: number): number;
  highestEquivalentValue(value: number): number;
  medianEquivalentValue(value: number): number;
}

const statsPercentiles = [50, 90, 95, 99] as const;

/** HDR's own count-at-percentile rounding (JsHistogram.getValueAtPercentile), so results match it exactly. */
function countAtPercentile(percentile: number, totalCount: number): number {
  const fpCount = (percentile / 100) * totalCount;
  const ulp = fpCount > 0 ? 2 ** (Math.floor(Math.log2(fpCount)) - 52) : 0;
  return Math.max(Math.ceil(fpCount - ulp), 1);
}

/**
 * LatencyStats (ms) in one pass over the counts. Gives exactly what the generic reader in
 * src-shared/metrics/percentiles gives (getValueAtPercentile per percentile, the `mean` getter),
 * which walk the counts once per figure through an object-heavy iterator: at four progress
 * events a second over three metrics that was a steady few per cent of the parent's core.
 */
export function readLatencyStatsMs(histogram: Histogram): LatencyStats {
  const view = histogram as unknown as CountsView;
  const total = view.totalCount;
  if (total === 0) return { ...emptyLatencyStats };
  const targets = statsPercentiles.map((percentile) => countAtPercentile(percentile, total));
  const found: number[] = [];
  const lastIndex = view.countsArrayIndex(view.maxValue);
  let running = 0;
  let sum = 0;
  let minUs = -1;
  let maxUs = 0;
  for (let index = 0; index <= lastIndex; index += 1) {
    const count = view.getCountAtIndex(index);
    if (count === 0) continue;
    const value = view.valueFromIndex(index);
    if (minUs < 0) minUs = view.lowestEquivalentValue(value);
    running += count;
    sum += view.medianEquivalentValue(value) * count;
    maxUs = view.highestEquivalentValue(value);
    while (found.length < targets.length && running >= targets[found.length]!) found.push(maxUs);
  }
  const [p50, p90, p95, p99] = found.map(usToMs);
  return { count: total, min: usToMs(minUs), mean: usToMs(sum / total), p50: p50!, p90: p90!, p95: p95!, p99: p99!, max: usToMs(maxUs) };
}
