import { z } from 'zod';
import { ServerKind } from './endpoint';
import { EpochMs } from './ids';

const Count = z.number().nonnegative();
const Ratio = z.number().min(0).max(1);

/**
 * What one `/metrics` scrape says, with names normalised across servers (llama.cpp `llamacpp:*`,
 * vLLM `vllm:*`). Counters are raw cumulative values; a missing series is null, never zero.
 */
export const ServerMetricsReading = z.object({
  /** Requests being processed now (llama.cpp requests_processing, vLLM num_requests_running). */
  running: Count.nullable(),
  /** Requests waiting for a slot (llama.cpp requests_deferred, vLLM num_requests_waiting). */
  waiting: Count.nullable(),
  /** KV cache in use, 0..1 (llama.cpp builds before May 2025, vLLM kv_cache_usage_perc). */
  kvCacheUsage: Ratio.nullable(),
  /** Prompt tokens computed (cache hits excluded), cumulative. */
  promptTokensTotal: Count.nullable(),
  /** Server seconds spent on prompts, cumulative (llama.cpp only). */
  promptSecondsTotal: Count.nullable(),
  /** Generated tokens, cumulative (llama.cpp moves it only when a request finishes). */
  generatedTokensTotal: Count.nullable(),
  /** Per-request generation seconds summed, cumulative (llama.cpp only). */
  generatedSecondsTotal: Count.nullable(),
  /** Prompt tokens served from cache, cumulative. */
  cachedPromptTokensTotal: Count.nullable(),
  /** Average busy slots per decode call since start (llama.cpp): the effective batch width. */
  busySlotsPerDecode: Count.nullable(),
  /** Requests preempted (vLLM), cumulative. */
  preemptionsTotal: Count.nullable(),
});
export type ServerMetricsReading = z.infer<typeof ServerMetricsReading>;

/** One slot of llama.cpp's `/slots`. */
export const SlotReading = z.object({
  id: z.number().int().nonnegative(),
  nCtx: z.number().int().nonnegative().nullable(),
  isProcessing: z.boolean(),
  /** Task id of the current or last task; null when the slot never ran. */
  taskId: z.number().int().nullable(),
  /** Tokens the slot holds in its cache (prompt + generated so far). */
  cachedTokens: z.number().int().nonnegative().nullable(),
  /** Tokens generated for the current task (resets per task). */
  decoded: z.number().int().nonnegative().nullable(),
});
export type SlotReading = z.infer<typeof SlotReading>;

/** What the scrape derives for the charts: each value null when the server did not say. */
export const ServerDerived = z.object({
  slotsTotal: Count.nullable(),
  slotsBusy: Count.nullable(),
  /** slotsBusy / slotsTotal. */
  slotUse: Ratio.nullable(),
  /** Deferred (llama.cpp) or waiting (vLLM) requests. */
  waiting: Count.nullable(),
  kvCacheUsage: Ratio.nullable(),
  /** Where kvCacheUsage came from: the server's gauge, or /slots tokens held ÷ slot contexts. */
  kvCacheSource: z.enum(['metrics', 'slots']).nullable(),
  /** Δ prompt tokens ÷ Δ wall time since the previous scrape. */
  promptTokensPerS: Count.nullable(),
  /** Δ prompt tokens ÷ Δ server prompt seconds: prefill speed while the server was prefilling. */
  prefillTokensPerS: Count.nullable(),
  /**
   * Tokens generated per second of wall time: Δ(generated-token counter + tokens of requests
   * still decoding, from /slots). Without /slots, the counter alone, which llama.cpp moves only
   * when a request finishes.
   */
  generatedTokensPerS: Count.nullable(),
  /** Δ of the slots' per-task decode counters ÷ Δ wall time; undercounts requests that start and end between scrapes. */
  slotDecodeTokensPerS: Count.nullable(),
});
export type ServerDerived = z.infer<typeof ServerDerived>;

/** One line of server.jsonl: one scrape of `/metrics` and `/slots`. */
export const ServerSample = z.object({
  /** When the scrape started, house clock (epoch ms with fractions). */
  t: EpochMs,
  /** Seconds since the run's t = 0, so charts share the load's time axis. */
  tS: z.number(),
  kind: ServerKind,
  /** How long both requests took (ms). */
  scrapeMs: z.number().nonnegative(),
  metrics: ServerMetricsReading.nullable(),
  slots: z.array(SlotReading).nullable(),
  derived: ServerDerived,
  /** Why a part is missing this time (unreachable, timeout, parse error); absent when both read. */
  errors: z.object({ metrics: z.string().optional(), slots: z.string().optional() }).optional(),
  /** The server restarted since the previous scrape (counters went back or its start time changed). */
  restarted: z.boolean().optional(),
  /** Things said once, at the scrape where they were found (e.g. "/slots is disabled on this server"). */
  notes: z.array(z.string()).optional(),
  /** Set on the last sample when the scrape gave up (nothing answered for too long), saying why. */
  gaveUp: z.string().optional(),
});
export type ServerSample = z.infer<typeof ServerSample>;

/** What a run's scrape found overall; kept with the run. */
export const ServerScrapeSummary = z.object({
  kind: ServerKind,
  samples: z.number().int().nonnegative(),
  failedScrapes: z.number().int().nonnegative(),
  /** false when the server answered 501 (llama-server without `--metrics` / with `--no-slots`) or has no such endpoint. */
  metricsAvailable: z.boolean(),
  slotsAvailable: z.boolean(),
  /** Plain sentences for the user, each said once (e.g. "/metrics is disabled: start llama-server with --metrics"). */
  notes: z.array(z.string()),
  /** Why the scrape stopped early, when it did. */
  gaveUp: z.string().nullable(),
  maxSlotUse: Ratio.nullable(),
  meanSlotUse: Ratio.nullable(),
  maxWaiting: Count.nullable(),
  maxKvCacheUsage: Ratio.nullable(),
});
export type ServerScrapeSummary = z.infer<typeof ServerScrapeSummary>;

/**
 * The tokens a server generated for a run by its own counter (llama.cpp
 * `tokens_predicted_total`), read just before the run's first request and again once the
 * server had released its last one.
 */
export const ServerTokenCount = z.object({
  /** The counter, as the server names it (llamacpp:tokens_predicted_total). */
  counter: z.string(),
  tokens: z.number().nonnegative(),
  /** How far the two readings may be off together: llama-server prints 6 significant digits. */
  roundingTokens: z.number().nonnegative(),
  /** False when the server was still generating when last read (for another client, or ours not yet released). */
  isSettled: z.boolean(),
});
export type ServerTokenCount = z.infer<typeof ServerTokenCount>;

/** One request on the "client TTFT against server prompt time" chart. */
export interface TtftPromptPoint {
  /** llama.cpp `timings.prompt_ms`: from the slot picking the task to the end of prefill. */
  promptMs: number;
  /** The client's TTFT for the same request. */
  ttftMs: number;
  /** ttftMs − promptMs: time in the server's queue, on the network and in the client. */
  outsidePrefillMs: number;
}

/**
 * Pairs each request's client TTFT with the server's own prompt time (pure; for the chart and
 * the export). Requests without either figure are counted, not drawn. A point far above the
 * diagonal waited outside prefill — usually deferred in the queue (reference §2.7: queue wait is
 * in neither timings field). Points come sorted by prompt time.
 */
export function pairTtftWithPromptMs<T>(
  records: Iterable<T>,
  read: { ttftMs: (record: T) => number | null | undefined; promptMs: (record: T) => number | null | undefined },
): { points: TtftPromptPoint[]; unpaired: number; medianOutsidePrefillMs: number | null } {
  const points: TtftPromptPoint[] = [];
  let unpaired = 0;
  for (const record of records) {
    const ttftMs = read.ttftMs(record);
    const promptMs = read.promptMs(record);
    if (typeof ttftMs !== 'number' || typeof promptMs !== 'number' || !Number.isFinite(ttftMs) || !Number.isFinite(promptMs) || promptMs < 0 || ttftMs < 0) {
      unpaired += 1;
      continue;
    }
    points.push({ promptMs, ttftMs, outsidePrefillMs: ttftMs - promptMs });
  }
  points.sort((a, b) => a.promptMs - b.promptMs);
  const outside = points.map((point) => point.outsidePrefillMs).sort((a, b) => a - b);
  const middle = outside.length / 2;
  const median = outside.length === 0 ? null : outside.length % 2 === 1 ? outside[Math.floor(middle)]! : (outside[middle - 1]! + outside[middle]!) / 2;
  return { points, unpaired, medianOutsidePrefillMs: median };
}
