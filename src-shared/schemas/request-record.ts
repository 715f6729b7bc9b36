import { z } from 'zod';
import { EpochMs } from './ids';
import { ErrorClass } from './run-result';

/**
 * Where a request's output token count came from, best first: the server's `usage`,
 * llama.cpp's `timings.predicted_n`, or our own count of content chunks (which undercounts
 * when a server packs several tokens into one chunk).
 */
export const TokenSource = z.enum(['usage', 'timings', 'chunks']);
export type TokenSource = z.infer<typeof TokenSource>;

/**
 * A request whose output token counts disagree: the server's `usage` against llama.cpp's
 * `timings.predicted_n`, or more content chunks than the server's count (every content chunk
 * carries at least one token, so that count cannot be right). Each field is absent when that
 * count was not reported.
 */
export const TokenDisagreement = z.object({
  usage: z.number().int().nonnegative().optional(),
  timings: z.number().int().nonnegative().optional(),
  chunks: z.number().int().nonnegative(),
});
export type TokenDisagreement = z.infer<typeof TokenDisagreement>;

/**
 * One finished request, as one line of requests.jsonl. Instants are epoch ms with fractions
 * taken in the worker thread that ran the request (its own timeOrigin + performance.now()).
 */
export const RequestRecord = z.object({
  /** Worker thread that ran it. */
  worker: z.number().int().nonnegative(),
  /** Virtual user, numbered across the whole run. */
  vu: z.number().int().nonnegative(),
  /** Order within its worker. */
  seq: z.number().int().nonnegative(),
  /**
   * When the request was due: in an open loop its arrival instant on the schedule, in a closed
   * loop when its user became free. TTFT, TTFC and E2E count from here.
   */
  scheduledMs: EpochMs,
  /** Just before the request was handed to the HTTP client. */
  sentMs: EpochMs,
  /** Response status line and headers received (llama.cpp sends them when prefill starts, after any queueing). */
  headersMs: EpochMs.nullable(),
  /** First streamed event of any kind (a role-only chunk counts); absent in files from before it existed. */
  firstChunkMs: EpochMs.nullable().optional(),
  /** First chunk with non-empty content (a role-only chunk does not count). */
  firstTokenMs: EpochMs.nullable(),
  endMs: EpochMs,
  /** firstTokenMs − scheduledMs. */
  ttftMs: z.number().nonnegative().nullable(),
  /** firstChunkMs − scheduledMs. */
  ttfcMs: z.number().nonnegative().nullable().optional(),
  /** endMs − scheduledMs. */
  e2eMs: z.number().nonnegative(),
  /** (e2eMs − ttftMs) / (outputTokens − 1); null below two tokens. */
  tpotMs: z.number().nonnegative().nullable().optional(),
  /** The server's queue time where it reports one (see the queue metric's definition). */
  queueMs: z.number().nonnegative().nullable().optional(),
  /** llama.cpp's `timings.prompt_ms` (prefill, from the slot taking the task); absent when the server reports no timings. */
  serverPromptMs: z.number().nonnegative().optional(),
  /** llama.cpp's `timings.predicted_per_second` (the server's decode rate for this request); absent without timings. */
  serverPredictedPerS: z.number().nonnegative().optional(),
  /** sentMs − scheduledMs. */
  sendLagMs: z.number().nonnegative().optional(),
  /** Sent more than the late tolerance (10 ms) after scheduledMs. */
  isLate: z.boolean().optional(),
  /** Succeeded within every per-request SLO limit (counts toward goodput). */
  isGood: z.boolean().optional(),
  /** Stage window (index into the summary's stages) its scheduled instant fell in. */
  stage: z.number().int().nonnegative().optional(),
  /** Whether its scheduled instant fell in the warm-up, the measured window or the cool-down. */
  phase: z.enum(['warmup', 'measured', 'cooldown']).optional(),
  contentChunks: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative(),
  tokenSource: TokenSource,
  /** Present only when the output token counts disagree (see TokenDisagreement). */
  tokenDisagreement: TokenDisagreement.optional(),
  /**
   * Present (true) when the request died on a reused keep-alive connection before its answer
   * began and was sent once more on a fresh one; its times still count from scheduledMs and
   * sentMs is the first send, so the retry's cost is inside its TTFT and E2E.
   */
  staleConnectionRetry: z.boolean().optional(),
  /** HTTP status, 0 when no response arrived. */
  status: z.number().int().nonnegative(),
  finishReason: z.string().max(64).nullable(),
  /** null for a successful request. */
  errorClass: ErrorClass.nullable(),
  errorMessage: z.string().max(500).nullable(),
});
export type RequestRecord = z.infer<typeof RequestRecord>;
