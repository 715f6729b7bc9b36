import { z } from 'zod';
import { AppErrorData } from '../errors';
import { Finding } from './finding';
import { EpochMs, Id } from './ids';
import { RunPlan } from './run-plan';
import { RecordedServerConfig } from './server-config';
import { ServerScrapeSummary, ServerTokenCount } from './server-sample';
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
  // Issue #3 additions, optional so series saved before them still read.
  /** Completed requests within every SLO limit, per second. */
  goodputPerS: z.number().nonnegative().optional(),
  /** Requests put on the wire in this second. */
  sent: z.number().int().nonnegative().optional(),
  /** Requests sent more than 10 ms after their scheduled instant (open loop), by end second. */
  late: z.number().int().nonnegative().optional(),
  /** Arrivals never sent (in-flight cap, or still waiting at the end), by scheduled second. */
  dropped: z.number().int().nonnegative().optional(),
  /** The stage window (index into summary.stages) this second starts in. */
  stage: z.number().int().nonnegative().optional(),
  ttftP99Ms: z.number().nonnegative().nullable().optional(),
  itlP99Ms: z.number().nonnegative().nullable().optional(),
  tpotP50Ms: z.number().nonnegative().nullable().optional(),
  e2eP95Ms: z.number().nonnegative().nullable().optional(),
  /** Failures (and end-of-run cancellations) by class in this second. */
  errors: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/** How many successful requests took their output token count from each source (request-record's TokenSource). */
export const TokenSourceCounts = z.object({
  usage: z.number().int().nonnegative(),
  timings: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  /** The source most requests used; 'mixed' when no source covers 95 % of them; 'none' without successes. */
  primary: z.enum(['usage', 'timings', 'chunks', 'mixed', 'none']),
  /** Successes whose output token counts disagree (request-record's tokenDisagreement); absent in older runs. */
  disagreements: z.number().int().nonnegative().optional(),
});
export type TokenSourceCounts = z.infer<typeof TokenSourceCounts>;

/** The open loop's schedule against what was sent (k6's dropped_iterations). */
export const ArrivalStats = z.object({
  /** The rate asked for (mean over the measured window); null for a closed loop. */
  offeredRps: z.number().nonnegative().nullable(),
  /** Requests put on the wire per second of the measured window. */
  achievedRps: z.number().nonnegative(),
  sent: z.number().int().nonnegative(),
  /** Sent more than 10 ms after their scheduled instant. */
  late: z.number().int().nonnegative(),
  /** Never sent: the in-flight cap was reached (whenFull drop), or they were still waiting at the end. */
  dropped: z.number().int().nonnegative(),
});
export type ArrivalStats = z.infer<typeof ArrivalStats>;

/**
 * The load generator's own health over the run. When `isClientLimited` is true the client may
 * have been the bottleneck: its own delays are inside the latencies and the throughput may be
 * its limit rather than the server's; `reasons` say which measurement crossed which line, and
 * `findings` are the same verdicts as data (absent in summaries recorded before issue #11).
 */
export const ClientHealth = z.object({
  isClientLimited: z.boolean(),
  reasons: z.array(z.string()),
  findings: z.array(Finding).optional(),
  workers: z.number().int().nonnegative(),
  /** Busiest worker thread's event-loop utilisation, 0..1. */
  busiestWorkerBusyFraction: z.number().min(0).max(1),
  /** Worst worker event-loop delay (monitorEventLoopDelay), ms. */
  loopLagP99Ms: z.number().nonnegative(),
  loopLagMaxMs: z.number().nonnegative(),
  /** The parent thread (merging, files, progress) event-loop utilisation, 0..1. */
  parentBusyFraction: z.number().min(0).max(1),
  /** Process CPU time (all threads) ÷ (wall time × usable cores), 0..1. */
  processCpuFraction: z.number().min(0).max(1),
  /** Usable cores the fraction is relative to. */
  cores: z.number().int().positive(),
});
export type ClientHealth = z.infer<typeof ClientHealth>;

/** One pass/fail threshold of the plan's SLO, evaluated over the summary. */
export const ThresholdOutcome = z.object({
  source: z.string(),
  actual: z.number().nullable(),
  limit: z.number(),
  isPassed: z.boolean(),
});

/**
 * A stretch of the run in which the server refused connections (it was down or restarting).
 * Epoch ms on the run's clock, and seconds since the run started (the series' tS axis).
 * Attempts refused in it are failures of class connection_refused: open-loop arrivals that fell
 * in it were still sent at their scheduled instant and count there, nothing is dropped silently.
 */
export const ServerOutage = z.object({
  /** When the first refused attempt was sent. */
  fromMs: EpochMs,
  /** When the first attempt the server answered again was sent; absent when it never came back before the run ended. */
  toMs: EpochMs.optional(),
  fromS: z.number().nonnegative(),
  toS: z.number().nonnegative().optional(),
  refusedCount: z.number().int().nonnegative(),
});
export type ServerOutage = z.infer<typeof ServerOutage>;

/** How long closed-loop users held back while the server refused connections (50 ms doubling to 2 s, jittered). */
export const ConnectBackoffStats = z.object({
  /** Attempts put off: each is one wait of one user before it tried again. */
  waits: z.number().int().nonnegative(),
  /** The waits added up over all users, s. */
  waitedS: z.number().nonnegative(),
  longestWaitMs: z.number().nonnegative(),
});
export type ConnectBackoffStats = z.infer<typeof ConnectBackoffStats>;

const TokenCount = z.number().int().nonnegative();

/**
 * Output tokens over the whole run (warm-up and cool-down included), by how each request ended:
 * what a server's own generated-token counter (llama.cpp `tokens_predicted_total`) covers.
 * Completed requests count their usage (else timings, else content chunks); cancelled and
 * failed ones the content chunks they received, since usage never comes for them.
 */
export const RunOutputTokens = z.object({
  completed: TokenCount,
  cancelled: TokenCount,
  failed: TokenCount,
  /**
   * Requests the client ended (cancelled at the run's end, or timed out) after the server had
   * begun answering: for each, the server may have generated tokens the client never received
   * (token-reconciliation.ts and EXPORT.md bound them).
   */
  cutShort: TokenCount,
});
export type RunOutputTokens = z.infer<typeof RunOutputTokens>;

/** One stage window of the run (by scheduled instant, warm-up and cool-down excluded). */
export const StageSummary = z.object({
  index: z.number().int().nonnegative(),
  label: z.string(),
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  goodputPerS: z.number().nonnegative(),
  ttftMs: LatencyStats,
  itlMs: LatencyStats,
  tpotMs: LatencyStats,
  e2eMs: LatencyStats,
  errorsByClass: z.record(z.string(), z.number().int().nonnegative()),
});
export type StageSummary = z.infer<typeof StageSummary>;

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
  // Issue #3 additions, optional so runs saved before them still read.
  /** Seconds excluded at the start and the end; durationS is what remains. */
  warmupS: z.number().nonnegative().optional(),
  cooldownS: z.number().nonnegative().optional(),
  inputTokensPerS: z.number().nonnegative().optional(),
  /** Completed requests within every per-request SLO limit (all successes when there is no SLO). */
  goodRequests: z.number().int().nonnegative().optional(),
  /** goodRequests / durationS (vLLM bench's --goodput). */
  goodputPerS: z.number().nonnegative().optional(),
  ttfcMs: LatencyStats.optional(),
  queueMs: LatencyStats.optional(),
  sendLagMs: LatencyStats.optional(),
  tokenSource: TokenSourceCounts.optional(),
  arrivals: ArrivalStats.optional(),
  clientHealth: ClientHealth.optional(),
  thresholds: z.array(ThresholdOutcome).optional(),
  /** True when every threshold passed (absent without an SLO). */
  isSloMet: z.boolean().optional(),
  stages: z.array(StageSummary).optional(),
  /** When the server refused connections, over the whole run (warm-up and cool-down included); absent when it never did. */
  serverOutages: z.array(ServerOutage).optional(),
  /** Closed-loop users' waits while the server refused connections; absent when none waited. */
  connectBackoff: ConnectBackoffStats.optional(),
  /** The host's telemetry over the run, when it was recorded (the telemetry attachment). */
  telemetry: RunTelemetrySummary.optional(),
  /** What the scrape of the server's /metrics and /slots found over the run (the scrape attachment). */
  server: ServerScrapeSummary.optional(),
  /** The server's own generated-token counter over the run, when it has one and did not restart. */
  serverTokens: ServerTokenCount.optional(),
  /** What an attachment could not record for this run (a host that would not connect), in plain sentences. */
  attachmentNotes: z.array(z.string()).optional(),
  // Issue #10 additions.
  /** Output tokens received by requests cancelled at the end, and by failed ones (content chunks); not in outputTokens. */
  cancelledOutputTokens: TokenCount.optional(),
  failedOutputTokens: TokenCount.optional(),
  /**
   * Requests that died on a reused keep-alive connection before their answer began and were sent
   * once more on a fresh one. Not failures: the server had closed the connection as it was reused.
   * The retry's time is inside their TTFT and E2E.
   */
  staleConnectionRetries: z.number().int().nonnegative().optional(),
  /**
   * True when the server closed connections right after its answers (llama-server does after each
   * streamed one), so each request then opened a new connection. Absent when it kept them alive.
   */
  serverClosesAfterAnswer: z.boolean().optional(),
  runOutputTokens: RunOutputTokens.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunStatus = z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Who, where, when and how it ended: what a run's index row and its full record share. */
export const RunIdentity = z.object({
  id: Id,
  workspaceId: Id.optional(),
  endpointId: Id.optional(),
  url: z.string(),
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  status: RunStatus,
});

/**
 * A run whole, as `runs.get` returns it: its index row's identity with the plan, the summary and
 * the server's configuration from the run folder; the per-request data stays in the folder's files.
 */
export const RunRecord = RunIdentity.extend({
  plan: RunPlan,
  summary: RunSummary.optional(),
  error: AppErrorData.optional(),
  /** The server's configuration as read at the run's start; absent in runs recorded before it was. */
  serverConfig: RecordedServerConfig.optional(),
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
