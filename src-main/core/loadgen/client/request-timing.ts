import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import type { TokenDisagreement, TokenSource } from '../../../../src-shared/schemas/request-record';

/**
 * Everything measured about one request. One instance per virtual user, reset before each
 * request, so the hot path allocates nothing per chunk: content gaps go into a typed array
 * that only grows when a stream is longer than any before it.
 */
export class RequestTiming {
  scheduledMs = 0;
  sentMs = 0;
  /** When the stale-connection retry was sent, -1 without one. */
  retrySentMs = -1;
  /** -1 until the response headers arrived. */
  headersMs = -1;
  /** -1 until the first streamed event of any kind (a role-only chunk counts). */
  firstChunkMs = -1;
  /** -1 until the first chunk with non-empty content. */
  firstTokenMs = -1;
  lastContentMs = -1;
  endMs = 0;
  /** Arrival time of the socket read being parsed; every event in one read shares it. */
  chunkAtMs = 0;
  contentChunks = 0;
  gapCount = 0;
  gapsMs = new Float64Array(256);
  usageOutputTokens = -1;
  usagePromptTokens = -1;
  timingsOutputTokens = -1;
  timingsPromptTokens = -1;
  /** llama.cpp's `timings.prompt_ms`, -1 when absent. */
  timingsPromptMs = -1;
  /** llama.cpp's `timings.predicted_per_second`, -1 when absent. */
  timingsPredictedPerS = -1;
  /** A server's `x-queue-time` header (ms), -1 when absent. */
  queueHeaderMs = -1;
  finishReason: string | null = null;
  sawDone = false;
  status = 0;
  errorClass: ErrorClass | null = null;
  errorMessage: string | null = null;
  /** Set by whoever aborts the request, so the abort can be told apart from a network failure. */
  abortReason: 'timeout' | 'cancelled' | null = null;
  /** Sent a second time, on a fresh connection, after the reused one proved closed before any answer. */
  isStaleRetried = false;

  reset(scheduledMs: number): void {
    this.scheduledMs = scheduledMs;
    this.sentMs = scheduledMs;
    this.retrySentMs = -1;
    this.headersMs = -1;
    this.firstChunkMs = -1;
    this.firstTokenMs = -1;
    this.lastContentMs = -1;
    this.endMs = 0;
    this.chunkAtMs = 0;
    this.contentChunks = 0;
    this.gapCount = 0;
    this.usageOutputTokens = -1;
    this.usagePromptTokens = -1;
    this.timingsOutputTokens = -1;
    this.timingsPromptTokens = -1;
    this.timingsPromptMs = -1;
    this.timingsPredictedPerS = -1;
    this.queueHeaderMs = -1;
    this.finishReason = null;
    this.sawDone = false;
    this.status = 0;
    this.errorClass = null;
    this.errorMessage = null;
    this.abortReason = null;
    this.isStaleRetried = false;
  }

  /** A content-bearing event arrived at `atMs`: the first one stamps TTFT, later ones add a gap. */
  onContent(atMs: number): void {
    if (this.firstTokenMs < 0) {
      this.firstTokenMs = atMs;
    } else {
      if (this.gapCount === this.gapsMs.length) this.growGaps();
      this.gapsMs[this.gapCount] = atMs - this.lastContentMs;
      this.gapCount += 1;
    }
    this.lastContentMs = atMs;
    this.contentChunks += 1;
  }

  fail(errorClass: ErrorClass, message: string): void {
    this.errorClass = errorClass;
    this.errorMessage = message.length > 500 ? message.slice(0, 497) + '...' : message;
  }

  get isSuccess(): boolean {
    return this.errorClass === null;
  }

  /** A streamed event arrived at `atMs` (before it is interpreted): the first one stamps TTFC. */
  onEvent(atMs: number): void {
    if (this.firstChunkMs < 0) this.firstChunkMs = atMs;
  }

  /** When the attempt that ended the request was sent: the retry's send, else sentMs. */
  get attemptSentMs(): number {
    return this.retrySentMs >= 0 ? this.retrySentMs : this.sentMs;
  }

  /** From the scheduled instant: in an open loop a late send cannot hide latency. */
  get ttftMs(): number | null {
    return this.firstTokenMs < 0 ? null : Math.max(0, this.firstTokenMs - this.scheduledMs);
  }

  get ttfcMs(): number | null {
    return this.firstChunkMs < 0 ? null : Math.max(0, this.firstChunkMs - this.scheduledMs);
  }

  get e2eMs(): number {
    return Math.max(0, this.endMs - this.scheduledMs);
  }

  get sendLagMs(): number {
    return Math.max(0, this.sentMs - this.scheduledMs);
  }

  /** (E2E − TTFT) / (output tokens − 1): null for fewer than two tokens or no first token. */
  get tpotMs(): number | null {
    const tokens = this.outputTokens;
    if (tokens < 2 || this.firstTokenMs < 0) return null;
    return Math.max(0, this.endMs - this.firstTokenMs) / (tokens - 1);
  }

  /** The server's queue time: its x-queue-time header, else (first content − sent) − llama.cpp's prompt_ms. */
  get queueMs(): number | null {
    if (this.queueHeaderMs >= 0) return this.queueHeaderMs;
    if (this.timingsPromptMs < 0 || this.firstTokenMs < 0) return null;
    return Math.max(0, this.firstTokenMs - this.attemptSentMs - this.timingsPromptMs);
  }

  /** Output tokens from the best source the server gave. */
  get outputTokens(): number {
    if (this.usageOutputTokens >= 0) return this.usageOutputTokens;
    if (this.timingsOutputTokens >= 0) return this.timingsOutputTokens;
    return this.contentChunks;
  }

  get promptTokens(): number | null {
    if (this.usagePromptTokens >= 0) return this.usagePromptTokens;
    if (this.timingsPromptTokens >= 0) return this.timingsPromptTokens;
    return null;
  }

  get tokenSource(): TokenSource {
    if (this.usageOutputTokens >= 0) return 'usage';
    if (this.timingsOutputTokens >= 0) return 'timings';
    return 'chunks';
  }

  /**
   * The counts when they disagree, else null: `usage` against `timings.predicted_n` when both
   * came, or more content chunks than the best server count (a content chunk holds ≥ 1 token).
   * Fewer chunks than tokens is normal (several tokens per chunk) and is not flagged.
   */
  get tokenDisagreement(): TokenDisagreement | null {
    const usage = this.usageOutputTokens;
    const timings = this.timingsOutputTokens;
    const serverCount = usage >= 0 ? usage : timings;
    const isServerSplit = usage >= 0 && timings >= 0 && usage !== timings;
    const isChunkExcess = serverCount >= 0 && this.contentChunks > serverCount;
    if (!isServerSplit && !isChunkExcess) return null;
    return {
      ...(usage >= 0 ? { usage } : {}),
      ...(timings >= 0 ? { timings } : {}),
      chunks: this.contentChunks,
    };
  }

  private growGaps(): void {
    const bigger = new Float64Array(this.gapsMs.length * 2);
    bigger.set(this.gapsMs);
    this.gapsMs = bigger;
  }
}
