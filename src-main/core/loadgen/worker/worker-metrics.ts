import { latencyMetrics, toRecordedUs } from '../../../../src-shared/metrics/definitions';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';
import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import type { RequestTiming } from '../client/request-timing';
import { createLatencyHistograms, encodeHistograms, resetLatencyHistograms, type LatencyHistograms } from '../histograms';
import type { SecondDelta } from './protocol';

interface SecondBucket {
  second: number;
  completed: number;
  failed: number;
  cancelled: number;
  outputTokens: number;
  promptTokens: number;
  errors: Partial<Record<ErrorClass, number>>;
  histograms: LatencyHistograms;
}

/**
 * A worker's measurements between two snapshots, bucketed by the run second in which each
 * request ended. Only successful requests feed the latency histograms (as in vLLM bench and
 * genai-perf); failures and cancellations are counted by class. Histogram sets are pooled:
 * after a snapshot encodes them they are reset and reused, so a long run allocates none.
 */
export class WorkerMetrics {
  private readonly buckets = new Map<number, SecondBucket>();
  private readonly spareHistograms: LatencyHistograms[] = [];
  private records: RequestRecord[] = [];

  /** `lastSecond`: requests ending after the run's deadline (before the worker noticed it) count in its last second. */
  constructor(private readonly identity: { runStartMs: number; workerIndex: number; lastSecond: number }) {}

  /** Folds one finished request in. `vu` is the global virtual-user index, `seq` its order in this worker. */
  recordRequest(timing: RequestTiming, ids: { vu: number; seq: number }): void {
    const bucket = this.bucketFor(timing.endMs);
    if (timing.isSuccess) this.addSuccess(bucket, timing);
    else if (timing.errorClass === 'cancelled') this.addError(bucket, 'cancelled');
    else this.addError(bucket, timing.errorClass ?? 'other');
    this.records.push(toRequestRecord(timing, { worker: this.identity.workerIndex, ...ids }));
  }

  /** Everything measured since the previous call, encoded for postMessage; the buckets start empty again. */
  takeDeltas(): { seconds: SecondDelta[]; records: RequestRecord[] } {
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
    return { seconds, records };
  }

  private bucketFor(endMs: number): SecondBucket {
    const second = Math.min(this.identity.lastSecond, Math.max(0, Math.floor((endMs - this.identity.runStartMs) / 1000)));
    let bucket = this.buckets.get(second);
    if (!bucket) {
      const histograms = this.spareHistograms.pop() ?? createLatencyHistograms(32);
      bucket = { second, completed: 0, failed: 0, cancelled: 0, outputTokens: 0, promptTokens: 0, errors: {}, histograms };
      this.buckets.set(second, bucket);
    }
    return bucket;
  }

  private addSuccess(bucket: SecondBucket, timing: RequestTiming): void {
    const outputTokens = timing.outputTokens;
    bucket.completed += 1;
    bucket.outputTokens += outputTokens;
    bucket.promptTokens += timing.promptTokens ?? 0;
    const { histograms } = bucket;
    const ttftMs = timing.ttftMs ?? 0;
    histograms.ttft.recordValue(toRecordedUs(ttftMs, latencyMetrics.ttft));
    histograms.e2e.recordValue(toRecordedUs(timing.e2eMs, latencyMetrics.e2e));
    for (let index = 0; index < timing.gapCount; index += 1) {
      histograms.itl.recordValue(toRecordedUs(timing.gapsMs[index]!, latencyMetrics.itl));
    }
    if (outputTokens > 1) {
      histograms.tpot.recordValue(toRecordedUs((timing.e2eMs - ttftMs) / (outputTokens - 1), latencyMetrics.tpot));
    }
  }

  private addError(bucket: SecondBucket, errorClass: ErrorClass): void {
    if (errorClass === 'cancelled') bucket.cancelled += 1;
    else bucket.failed += 1;
    bucket.errors[errorClass] = (bucket.errors[errorClass] ?? 0) + 1;
  }
}

export function toRequestRecord(timing: RequestTiming, ids: { worker: number; vu: number; seq: number }): RequestRecord {
  return {
    worker: ids.worker,
    vu: ids.vu,
    seq: ids.seq,
    scheduledMs: timing.scheduledMs,
    sentMs: timing.sentMs,
    headersMs: timing.headersMs < 0 ? null : timing.headersMs,
    firstTokenMs: timing.firstTokenMs < 0 ? null : timing.firstTokenMs,
    endMs: timing.endMs,
    ttftMs: timing.ttftMs,
    e2eMs: timing.e2eMs,
    contentChunks: timing.contentChunks,
    promptTokens: timing.promptTokens,
    outputTokens: timing.outputTokens,
    tokenSource: timing.tokenSource,
    status: timing.status,
    finishReason: timing.finishReason,
    errorClass: timing.errorClass,
    errorMessage: timing.errorMessage,
  };
}
