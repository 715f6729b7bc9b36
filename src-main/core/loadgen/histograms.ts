import * as hdr from 'hdr-histogram-js';
import { latencyMetricIds, latencyMetrics, type LatencyMetricId } from '../../../src-shared/metrics/definitions';

export type Histogram = hdr.Histogram;

/** One histogram per latency metric, all in µs, laid out as src-shared/metrics/definitions says. */
export type LatencyHistograms = Record<LatencyMetricId, Histogram>;

/** Encoded (compressed base64) histograms; a metric with nothing recorded is left out. */
export type EncodedHistograms = Partial<Record<LatencyMetricId, string>>;

/**
 * 32-bit counts for short-lived interval histograms (one second of one worker); 64-bit
 * (float, exact to 2^53) for run totals, which a long run at high token rates could push
 * past 2^31 ITL samples.
 */
export type CountWidth = 32 | 64;

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
  return {
    ttft: createHistogram('ttft', countWidth),
    itl: createHistogram('itl', countWidth),
    tpot: createHistogram('tpot', countWidth),
    e2e: createHistogram('e2e', countWidth),
  };
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
