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
  /** When the request was due. In a closed loop that is when its user became free, so it equals sentMs. */
  scheduledMs: EpochMs,
  /** Just before the request was handed to the HTTP client. */
  sentMs: EpochMs,
  /** Response status line and headers received (llama.cpp sends them when prefill starts, after any queueing). */
  headersMs: EpochMs.nullable(),
  /** First chunk with non-empty content (a role-only chunk does not count). */
  firstTokenMs: EpochMs.nullable(),
  endMs: EpochMs,
  ttftMs: z.number().nonnegative().nullable(),
  e2eMs: z.number().nonnegative(),
  contentChunks: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative().nullable(),
  outputTokens: z.number().int().nonnegative(),
  tokenSource: TokenSource,
  /** HTTP status, 0 when no response arrived. */
  status: z.number().int().nonnegative(),
  finishReason: z.string().max(64).nullable(),
  /** null for a successful request. */
  errorClass: ErrorClass.nullable(),
  errorMessage: z.string().max(500).nullable(),
});
export type RequestRecord = z.infer<typeof RequestRecord>;
