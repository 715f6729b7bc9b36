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
  /**
   * What other load tools call this figure, where a name collides (GuideLLM's "ITL" is our TPOT)
   * or the definition differs: shown beside our formula in the UI, the export and the README.
   * Sources: ../shared/reference/peer-tools.md (each tool's own code and docs).
   */
  readonly elsewhere?: string;
  /** Unit of the recorded integers. */
  readonly unit: 'us';
  /** Smallest value told apart from zero, µs. */
  readonly lowestDiscernibleUs: number;
  /** Largest value kept; bigger values are clamped to it (a request can never outlive the 1 h request limit). */
  readonly highestTrackableUs: number;
  /** Decimal digits of precision HDR keeps over the whole range (3 → within 0.1 %). */
  readonly significantDigits: 1 | 2 | 3 | 4 | 5;
}

export const latencyMetricIds = ['ttft', 'ttfc', 'itl', 'tpot', 'e2e', 'queue', 'sendLag'] as const;
export type LatencyMetricId = (typeof latencyMetricIds)[number];

const oneHourUs = 3_600_000_000;
const usLayout = { unit: 'us', lowestDiscernibleUs: 1, highestTrackableUs: oneHourUs, significantDigits: 3 } as const;

/**
 * Every instant is taken in the worker thread that ran the request. "Scheduled" is when the
 * request was due: in an open loop the arrival schedule's instant (so a late send cannot hide
 * latency — coordinated omission), in a closed loop the moment its user became free.
 */
export const latencyMetrics: Readonly<Record<LatencyMetricId, LatencyMetricDefinition>> = {
  ttft: {
    id: 'ttft',
    label: 'Time to first token',
    description: 'TTFT = first content chunk − scheduled. The first chunk whose content (or reasoning_content / text) is non-empty; a role-only or empty chunk does not count.',
    elsewhere: "GuideLLM's, SGLang's and AIPerf's TTFT. vLLM bench's TTFT times the first chunk with choices, so on chat a role-only chunk counts: that is our TTFC.",
    ...usLayout,
  },
  ttfc: {
    id: 'ttfc',
    label: 'Time to first chunk',
    description: 'TTFC = first streamed event of any kind − scheduled (counts a role-only chunk: what tools that time the first chunk call TTFT).',
    elsewhere: "vLLM bench's TTFT on chat; llama-benchy's TTFR.",
    ...usLayout,
  },
  itl: {
    id: 'itl',
    label: 'Inter-token latency',
    description: "ITL = gap between successive content chunks of one stream (vLLM bench's ITL). A chunk carrying several tokens is one gap; chunks that arrive in one read give 0.",
    elsewhere: "vLLM bench's and SGLang's ITL; AIPerf's ICL (inter-chunk latency). Not GuideLLM's or AIPerf's ITL: those are our TPOT.",
    ...usLayout,
  },
  tpot: {
    id: 'tpot',
    label: 'Time per output token',
    description: "TPOT = (E2E − TTFT) / (output tokens − 1), per request (vLLM bench's TPOT, GuideLLM's ITL); a one-token answer has none.",
    elsewhere: "vLLM bench's and SGLang's TPOT (the first token excluded, as here); GuideLLM's ITL; AIPerf's ITL. Not GuideLLM's TPOT, which divides the whole latency by all output tokens, the first included.",
    ...usLayout,
  },
  e2e: {
    id: 'e2e',
    label: 'End-to-end latency',
    description: 'E2E = end of the response − scheduled.',
    elsewhere: "vLLM bench's E2EL; GuideLLM's and AIPerf's request latency; k6's http_req_duration (which starts at the send, not the scheduled instant).",
    ...usLayout,
  },
  queue: {
    id: 'queue',
    label: 'Server queue time',
    description: "Only where the server reports it: its x-queue-time header (ms), else llama.cpp's timings as (first content − sent) − timings.prompt_ms, floored at 0.",
    ...usLayout,
  },
  sendLag: {
    id: 'sendLag',
    label: 'Send lag',
    description: "Send lag = sent − scheduled: how late the client put a request on the wire (the generator's own delay, plus any wait for the in-flight cap).",
    ...usLayout,
  },
};

/** A request sent more than this after its scheduled instant is counted as late. */
export const lateArrivalToleranceMs = 10;

/** Converts a duration in ms (fractions allowed) to the integer µs a histogram records, clamped to its range. */
export function toRecordedUs(durationMs: number, metric: LatencyMetricDefinition): number {
  if (!Number.isFinite(durationMs) || durationMs <= 0) return 0;
  const valueUs = Math.round(durationMs * 1000);
  return valueUs > metric.highestTrackableUs ? metric.highestTrackableUs : valueUs;
}
