import { lateArrivalToleranceMs, latencyMetrics, toRecordedUs } from '../../../../src-shared/metrics/definitions';
import { meetsGoodputLimits, type GoodputLimits } from '../../../../src-shared/metrics/thresholds';
import type { RequestRecord, TokenDisagreement } from '../../../../src-shared/schemas/request-record';
import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import type { RequestTiming } from '../client/request-timing';
import { createLatencyHistograms, encodeHistograms, resetLatencyHistograms, type LatencyHistograms } from '../histograms';
import { OutageTracker } from '../server-outages';
import { phaseIds, type Reachability, type SecondDelta, type Segmenting } from './protocol';

type Bucket = Omit<SecondDelta, 'histograms' | 'errors'> & ReturnType<typeof zeroCounts> & { errors: Partial<Record<ErrorClass, number>>; histograms: LatencyHistograms };

export interface WorkerMetricsIdentity {
  runStartMs: number;
  workerIndex: number;
  /** Requests ending after the run's deadline (before the worker noticed it) count in this last second. */
  lastSecond: number;
  segmenting?: Segmenting;
  goodput?: GoodputLimits;
}

/**
 * A worker's measurements between two snapshots, bucketed by the run second in which each
 * request ended and by the segment (stage and phase) in which it was scheduled. Only
 * successful requests feed the latency histograms (as in vLLM bench and genai-perf); failures
 * and cancellations are counted by class. Histogram sets are pooled: after a snapshot encodes
 * them they are reset and reused, so a long run allocates none.
 */
export class WorkerMetrics {
  private readonly buckets = new Map<number, Bucket>();
  private readonly spareHistograms: LatencyHistograms[] = [];
  private records: RequestRecord[] = [];
  private readonly segmenting: Segmenting;
  private readonly goodput: GoodputLimits;
  private readonly outages = new OutageTracker();

  constructor(private readonly identity: WorkerMetricsIdentity) {
    this.segmenting = identity.segmenting ?? { warmupEndMs: 0, cooldownStartMs: Number.MAX_SAFE_INTEGER, stageStartsMs: [0] };
    this.goodput = identity.goodput ?? { limitsMs: {} };
  }

  /** Folds one finished request in. `vu` is the global virtual-user (or open-loop slot) index, `seq` its order in this worker. */
  recordRequest(timing: RequestTiming, ids: { vu: number; seq: number }): void {
    const segment = this.segmentOf(timing.scheduledMs);
    const bucket = this.bucketFor(timing.endMs, segment);
    const isLate = timing.sendLagMs > lateArrivalToleranceMs;
    if (isLate) bucket.late += 1;
    const disagreement = timing.tokenDisagreement;
    let isGood = false;
    if (timing.isStaleRetried) bucket.staleRetries += 1;
    if (timing.isSuccess) isGood = this.addSuccess(bucket, timing, disagreement !== null);
    else this.addError(bucket, timing);
    this.records.push(toRequestRecord(timing, { worker: this.identity.workerIndex, ...ids, ...segment, isLate, isGood }, disagreement));
    this.outages.recordAttempt({ sentMs: timing.attemptSentMs, errorClass: timing.errorClass, isAnswered: timing.headersMs >= 0 });
  }

  /** A closed-loop user waited `waitedMs` before retrying a refused connection. */
  recordBackoff(waitedMs: number): void {
    this.outages.recordBackoff(waitedMs);
  }

  /** The worker began opening a new connection per request at `atMs` (connection-policy.ts). */
  recordFreshConnections(atMs: number): void {
    this.bucketFor(atMs, this.segmentOf(atMs)).freshConnectionSwitches += 1;
  }

  /** A request was put on the wire (counted in the second it was sent). */
  recordSent(sentMs: number, scheduledMs: number): void {
    this.bucketFor(sentMs, this.segmentOf(scheduledMs)).sent += 1;
  }

  /** An arrival due at `scheduledMs` was never sent (k6's dropped_iterations). */
  recordDropped(scheduledMs: number): void {
    this.bucketFor(scheduledMs, this.segmentOf(scheduledMs)).dropped += 1;
  }

  /**
   * Everything measured since the previous call, encoded for postMessage; the buckets start
   * empty again. `reachability` is cumulative (outages are few and span snapshots).
   */
  takeDeltas(): { seconds: SecondDelta[]; records: RequestRecord[]; reachability?: Reachability } {
    const seconds: SecondDelta[] = [];
    for (const bucket of this.buckets.values()) {
      const { histograms, ...counts } = bucket;
      seconds.push({ ...counts, histograms: encodeHistograms(histograms) });
      resetLatencyHistograms(histograms);
      this.spareHistograms.push(histograms);
    }
    this.buckets.clear();
    const records = this.records;
    this.records = [];
    const reachability = this.outages.read();
    return reachability ? { seconds, records, reachability } : { seconds, records };
  }

  private segmentOf(scheduledMs: number): { stage: number; phase: number } {
    const offsetMs = scheduledMs - this.identity.runStartMs;
    const { warmupEndMs, cooldownStartMs, stageStartsMs } = this.segmenting;
    const phase = offsetMs < warmupEndMs ? 0 : offsetMs >= cooldownStartMs ? 2 : 1;
    let stage = 0;
    while (stage + 1 < stageStartsMs.length && stageStartsMs[stage + 1]! <= offsetMs) stage += 1;
    return { stage, phase };
  }

  private bucketFor(atMs: number, segment: { stage: number; phase: number }): Bucket {
    const second = Math.min(this.identity.lastSecond, Math.max(0, Math.floor((atMs - this.identity.runStartMs) / 1000)));
    const key = (second * 256 + segment.stage) * 4 + segment.phase;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const histograms = this.spareHistograms.pop() ?? createLatencyHistograms(32);
      bucket = { second, ...segment, ...zeroCounts(), errors: {}, tokenSources: { usage: 0, timings: 0, chunks: 0 }, histograms };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Records a success; returns whether it met every goodput limit. */
  private addSuccess(bucket: Bucket, timing: RequestTiming, isDisagreed: boolean): boolean {
    const outputTokens = timing.outputTokens;
    bucket.completed += 1;
    bucket.outputTokens += outputTokens;
    bucket.promptTokens += timing.promptTokens ?? 0;
    bucket.tokenSources[timing.tokenSource] += 1;
    if (isDisagreed) bucket.tokenSources.disagreed = (bucket.tokenSources.disagreed ?? 0) + 1;
    const { histograms } = bucket;
    const values = { ttft: timing.ttftMs, ttfc: timing.ttfcMs, tpot: timing.tpotMs, e2e: timing.e2eMs, queue: timing.queueMs };
    if (values.ttft !== null) histograms.ttft.recordValue(toRecordedUs(values.ttft, latencyMetrics.ttft));
    if (values.ttfc !== null) histograms.ttfc.recordValue(toRecordedUs(values.ttfc, latencyMetrics.ttfc));
    if (values.tpot !== null) histograms.tpot.recordValue(toRecordedUs(values.tpot, latencyMetrics.tpot));
    if (values.queue !== null) histograms.queue.recordValue(toRecordedUs(values.queue, latencyMetrics.queue));
    histograms.e2e.recordValue(toRecordedUs(values.e2e, latencyMetrics.e2e));
    histograms.sendLag.recordValue(toRecordedUs(timing.sendLagMs, latencyMetrics.sendLag));
    for (let index = 0; index < timing.gapCount; index += 1) histograms.itl.recordValue(toRecordedUs(timing.gapsMs[index]!, latencyMetrics.itl));
    const isGood = meetsGoodputLimits(this.goodput, values);
    if (isGood) bucket.good += 1;
    return isGood;
  }

  /**
   * Counts a failure or a cancellation by class, with the output tokens it had received: usage
   * never comes for a request cut short, so that is its content chunks (timing.outputTokens
   * falls back to them). The server generated those tokens too, and counts them.
   */
  private addError(bucket: Bucket, timing: RequestTiming): void {
    const errorClass = timing.errorClass ?? 'other';
    if (errorClass === 'cancelled') {
      bucket.cancelled += 1;
      bucket.cancelledOutputTokens += timing.outputTokens;
    } else {
      bucket.failed += 1;
      bucket.failedOutputTokens += timing.outputTokens;
    }
    bucket.errors[errorClass] = (bucket.errors[errorClass] ?? 0) + 1;
    // The server may generate a token or two for these that never reach us (token-reconciliation.ts).
    if ((errorClass === 'cancelled' || errorClass === 'timeout') && timing.headersMs >= 0) bucket.cutShort += 1;
  }
}

/** Every per-second count at zero: a worker's bucket and the parent's run totals start here. */
export function zeroCounts() {
  return {
    completed: 0,
    failed: 0,
    cancelled: 0,
    good: 0,
    late: 0,
    dropped: 0,
    sent: 0,
    outputTokens: 0,
    promptTokens: 0,
    cancelledOutputTokens: 0,
    failedOutputTokens: 0,
    staleRetries: 0,
    freshConnectionSwitches: 0,
    cutShort: 0,
  };
}

type RecordIds = { worker: number; vu: number; seq: number; stage: number; phase: number; isLate: boolean; isGood: boolean };

export function toRequestRecord(timing: RequestTiming, ids: RecordIds, disagreement: TokenDisagreement | null): RequestRecord {
  return {
    worker: ids.worker,
    vu: ids.vu,
    seq: ids.seq,
    scheduledMs: timing.scheduledMs,
    sentMs: timing.sentMs,
    headersMs: timing.headersMs < 0 ? null : timing.headersMs,
    firstChunkMs: timing.firstChunkMs < 0 ? null : timing.firstChunkMs,
    firstTokenMs: timing.firstTokenMs < 0 ? null : timing.firstTokenMs,
    endMs: timing.endMs,
    ttftMs: timing.ttftMs,
    ttfcMs: timing.ttfcMs,
    e2eMs: timing.e2eMs,
    tpotMs: timing.tpotMs,
    queueMs: timing.queueMs,
    ...serverTimings(timing),
    sendLagMs: timing.sendLagMs,
    isLate: ids.isLate,
    isGood: ids.isGood,
    stage: ids.stage,
    phase: phaseIds[ids.phase]!,
    contentChunks: timing.contentChunks,
    promptTokens: timing.promptTokens,
    outputTokens: timing.outputTokens,
    tokenSource: timing.tokenSource,
    ...(disagreement === null ? {} : { tokenDisagreement: disagreement }),
    ...(timing.isStaleRetried ? { staleConnectionRetry: true } : {}),
    status: timing.status,
    finishReason: timing.finishReason,
    errorClass: timing.errorClass,
    errorMessage: timing.errorMessage,
  };
}

/** llama.cpp's own per-request figures, only when its `timings` came (absent keys keep old records' shape). */
function serverTimings(timing: RequestTiming): Pick<RequestRecord, 'serverPromptMs' | 'serverPredictedPerS'> {
  return {
    ...(timing.timingsPromptMs >= 0 ? { serverPromptMs: timing.timingsPromptMs } : {}),
    ...(timing.timingsPredictedPerS >= 0 ? { serverPredictedPerS: timing.timingsPredictedPerS } : {}),
  };
}
