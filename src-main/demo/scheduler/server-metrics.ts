/**
 * The server-wide counters behind /metrics, kept the way llama.cpp v0.5.0 keeps them
 * (`server_metrics` in `tools/server/server-common.h`): prompt counters move per batch, generation
 * counters only when a task finishes, and the two rate gauges read a bucket that every /metrics
 * read empties.
 */

export interface MetricsBucket {
  /** Tokens. */
  count: number;
  /** Decode steps: generation excludes each task's first token, which comes free with the prompt. */
  steps: number;
  timeUs: number;
}

export interface ServerMetricsSnapshot {
  readonly promptTokensTotal: number;
  readonly promptTokensCachedTotal: number;
  readonly promptSecondsTotal: number;
  readonly tokensPredictedTotal: number;
  readonly tokensPredictedSecondsTotal: number;
  readonly nDecodeTotal: number;
  readonly nTokensMax: number;
  readonly promptTokensSeconds: number;
  readonly predictedTokensSeconds: number;
  readonly nBusySlotsPerDecode: number;
}

const emptyBucket = (): MetricsBucket => ({ count: 0, steps: 0, timeUs: 0 });

const perSecond = (bucket: MetricsBucket): number => (bucket.timeUs > 0 ? (bucket.steps / bucket.timeUs) * 1e6 : 0);

export class ServerMetrics {
  private prompt = emptyBucket();
  private predict = emptyBucket();
  private promptWindow = emptyBucket();
  private predictWindow = emptyBucket();
  private promptCached = 0;
  private decodeCalls = 0;
  private busySlots = 0;
  private tokensMax = 0;

  addPrompt(tokens: number, timeUs: number): void {
    for (const bucket of [this.prompt, this.promptWindow]) {
      bucket.count += tokens;
      bucket.steps += tokens;
      bucket.timeUs += timeUs;
    }
  }

  addPromptCached(tokens: number): void {
    this.promptCached += tokens;
  }

  /** Called when a task releases its slot: `generated` tokens over `timeUs` of generation. */
  addPrediction(generated: number, timeUs: number): void {
    for (const bucket of [this.predict, this.predictWindow]) {
      bucket.count += generated;
      bucket.steps += Math.max(0, generated - 1);
      bucket.timeUs += timeUs;
    }
  }

  /** One llama_decode call with `busy` slots processing and the longest slot holding `longest` tokens. */
  addDecodeCalls(calls: number, busy: number, longest: number): void {
    this.decodeCalls += calls;
    this.busySlots += busy * calls;
    this.tokensMax = Math.max(this.tokensMax, longest);
  }

  snapshot(): ServerMetricsSnapshot {
    return {
      promptTokensTotal: this.prompt.count,
      promptTokensCachedTotal: this.promptCached,
      promptSecondsTotal: this.prompt.timeUs / 1e6,
      tokensPredictedTotal: this.predict.count,
      tokensPredictedSecondsTotal: this.predict.timeUs / 1e6,
      nDecodeTotal: this.decodeCalls,
      nTokensMax: this.tokensMax,
      promptTokensSeconds: perSecond(this.promptWindow),
      predictedTokensSeconds: perSecond(this.predictWindow),
      nBusySlotsPerDecode: this.busySlots / Math.max(this.decodeCalls, 1),
    };
  }

  /** A /metrics read: the rate gauges cover the window since the previous read by anyone. */
  readAndResetWindow(): ServerMetricsSnapshot {
    const snapshot = this.snapshot();
    this.promptWindow = emptyBucket();
    this.predictWindow = emptyBucket();
    return snapshot;
  }
}
