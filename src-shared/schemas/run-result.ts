import { z } from 'zod';
import { AppErrorData } from '../errors';
import { EpochMs, Id } from './ids';
import { RunPlan } from './run-plan';
import { RunTelemetrySummary } from './telemetry-sample';

/** Percentiles of one latency metric, in milliseconds, read from an HDR histogram. */
export const LatencyStats = z.object({
  count: z.number().int().nonnegative(),
  min: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});
export type LatencyStats = z.infer<typeof LatencyStats>;

/** Error classes a tuner can act on (issue #3 extends the list). */
export const ErrorClass = z.enum([
  'http_4xx',
  'http_5xx',
  'timeout',
  'connection_refused',
  'connection_reset',
  'context_exceeded',
  'stream_cut',
  'empty_answer',
  'cancelled',
  'other',
]);
export type ErrorClass = z.infer<typeof ErrorClass>;

/** One second of a run: what the live charts draw and series.jsonl stores. */
export const SeriesPoint = z.object({
  /** Seconds since the run started (bucket start). */
  tS: z.number().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  ttftP50Ms: z.number().nonnegative().nullable(),
  ttftP95Ms: z.number().nonnegative().nullable(),
  itlP50Ms: z.number().nonnegative().nullable(),
  e2eP50Ms: z.number().nonnegative().nullable(),
  inFlight: z.number().int().nonnegative(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const RunSummary = z.object({
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  durationS: z.number().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  ttftMs: LatencyStats,
  itlMs: LatencyStats,
  /** Per-request (e2e − TTFT) / (output tokens − 1), vLLM bench's TPOT. Optional: runs saved before it existed lack it. */
  tpotMs: LatencyStats.optional(),
  e2eMs: LatencyStats,
  errorsByClass: z.record(z.string(), z.number().int().nonnegative()),
  /**
   * The busiest load generator thread's event-loop utilisation over the run, 0..1. Near 1 the
   * generator itself was the bottleneck and its latencies include its own queueing.
   */
  loadgenBusyFraction: z.number().min(0).max(1).optional(),
  /** The workspace host's telemetry over the run, when one was attached (issue #4). */
  telemetry: RunTelemetrySummary.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunStatus = z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** A run as the index holds it: small; the per-request data lives in the run folder. */
export const RunRecord = z.object({
  id: Id,
  workspaceId: Id.optional(),
  endpointId: Id.optional(),
  url: z.string(),
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  status: RunStatus,
  plan: RunPlan,
  summary: RunSummary.optional(),
  error: AppErrorData.optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** Emitted at least twice a second while a run is live. */
export const RunProgress = z.object({
  runId: Id,
  elapsedS: z.number().nonnegative(),
  /** 0..1 against the run's time or count bound, whichever is nearer. */
  fraction: z.number().min(0).max(1),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  /** Seconds closed since the previous progress event (often zero or one). */
  points: z.array(SeriesPoint),
  totals: z.object({ ttftMs: LatencyStats, itlMs: LatencyStats, e2eMs: LatencyStats }),
});
export type RunProgress = z.infer<typeof RunProgress>;

export const RunFinished = z.object({
  runId: Id,
  status: RunStatus,
  summary: RunSummary.optional(),
  error: AppErrorData.optional(),
});
export type RunFinished = z.infer<typeof RunFinished>;
