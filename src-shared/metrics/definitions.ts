/**
 * Every latency metric the load generator records, with the HDR histogram layout it is
 * recorded in. Values are integers in one unit (µs) everywhere; readers convert to ms.
 * Workers and the parent build their histograms from these declarations, so an encoded
 * snapshot from any worker can be merged with any other.
 */
export interface LatencyMetricDefinition {
  /** Short id used in snapshots and file keys. */
  readonly id: LatencyMetricId;
  readonly label: string;
  readonly description: string;
  /** Unit of the recorded integers. */
  readonly unit: 'us';
  /** Smallest value told apart from zero, µs. */
  readonly lowestDiscernibleUs: number;
  /** Largest value kept; bigger values are clamped to it (a request can never outlive the 1 h request limit). */
  readonly highestTrackableUs: number;
  /** Decimal digits of precision HDR keeps over the whole range (3 → within 0.1 %). */
  readonly significantDigits: 1 | 2 | 3 | 4 | 5;
}

export const latencyMetricIds = ['ttft', 'itl', 'tpot', 'e2e'] as const;
export type LatencyMetricId = (typeof latencyMetricIds)[number];

const oneHourUs = 3_600_000_000;

export const latencyMetrics: Readonly<Record<LatencyMetricId, LatencyMetricDefinition>> = {
  ttft: {
    id: 'ttft',
    label: 'Time to first token',
    description: 'From writing the request to the first streamed chunk with non-empty content (queue + prefill + network).',
    unit: 'us',
    lowestDiscernibleUs: 1,
    highestTrackableUs: oneHourUs,
    significantDigits: 3,
  },
  itl: {
    id: 'itl',
    label: 'Inter-token latency',
    description: 'Gap between successive content chunks of one stream; chunks that arrive in one read give 0.',
    unit: 'us',
    lowestDiscernibleUs: 1,
    highestTrackableUs: oneHourUs,
    significantDigits: 3,
  },
  tpot: {
    id: 'tpot',
    label: 'Time per output token',
    description: 'Per request: (end-to-end − TTFT) / (output tokens − 1); requests with one token have none.',
    unit: 'us',
    lowestDiscernibleUs: 1,
    highestTrackableUs: oneHourUs,
    significantDigits: 3,
  },
  e2e: {
    id: 'e2e',
    label: 'End-to-end latency',
    description: 'From writing the request to the end of its stream.',
    unit: 'us',
    lowestDiscernibleUs: 1,
    highestTrackableUs: oneHourUs,
    significantDigits: 3,
  },
};

/** Converts a duration in ms (fractions allowed) to the integer µs a histogram records, clamped to its range. */
export function toRecordedUs(durationMs: number, metric: LatencyMetricDefinition): number {
  if (!Number.isFinite(durationMs) || durationMs <= 0) return 0;
  const valueUs = Math.round(durationMs * 1000);
  return valueUs > metric.highestTrackableUs ? metric.highestTrackableUs : valueUs;
}
