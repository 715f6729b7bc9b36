import { z } from 'zod';
import { latencyMetricIds } from '../../../../src-shared/metrics/definitions';
import { sloMetricIds } from '../../../../src-shared/metrics/thresholds';
import { OpenConstantLoad, OpenGammaLoad, OpenPoissonLoad, OpenRampingLoad } from '../../../../src-shared/schemas/load-shape';
import { ApiKind } from '../../../../src-shared/schemas/run-plan';
import { RequestRecord } from '../../../../src-shared/schemas/request-record';
import { ErrorClass } from '../../../../src-shared/schemas/run-result';

/**
 * The tiny typed protocol between the pool and its worker threads (autocannon's verbs plus
 * `ready`). Parent → worker: start, stop. Worker → parent: ready, snapshot, done, error.
 *
 * `ready` exists because a worker needs a few hundred ms to load its code; the run's clock
 * starts only when every worker can send, so that load time is not counted as idle run time.
 */
const count = z.number().int().nonnegative();

const ClosedAssignment = z.object({
  kind: z.literal('closed'),
  workerIndex: count,
  workerCount: z.number().int().positive(),
  levels: z.array(z.object({ atMs: z.number().nonnegative(), users: count })).min(1),
  requestBudget: count,
});
const OpenAssignment = z.object({
  kind: z.literal('open'),
  workerIndex: count,
  workerCount: z.number().int().positive(),
  load: z.discriminatedUnion('kind', [OpenConstantLoad, OpenRampingLoad, OpenPoissonLoad, OpenGammaLoad]),
  durationS: z.number().positive(),
  maxArrivals: count,
  maxInFlight: z.number().int().positive(),
});

export const RequestTargetMessage = z.object({
  api: ApiKind,
  stream: z.boolean(),
  origin: z.string().url(),
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()),
  bodies: z.array(z.string()).min(1),
  timeoutMs: z.number().positive(),
  embeddingInputs: z.number().int().positive(),
});

/** Where each request's scheduled instant falls: the run's windows, as ms since runStartMs. */
export const Segmenting = z.object({
  warmupEndMs: z.number().nonnegative(),
  cooldownStartMs: z.number().nonnegative(),
  /** Start of each stage window (ascending; the first is 0). */
  stageStartsMs: z.array(z.number().nonnegative()).min(1).max(256),
});
export type Segmenting = z.infer<typeof Segmenting>;

export const StartMessage = z.object({
  type: z.literal('start'),
  assignment: z.discriminatedUnion('kind', [ClosedAssignment, OpenAssignment]),
  /** Epoch ms (parent clock) at which the run started; seconds of the series count from here. */
  runStartMs: z.number().nonnegative(),
  /** Epoch ms after which no request starts and in-flight ones are cancelled. */
  deadlineMs: z.number().nonnegative(),
  snapshotIntervalMs: z.number().int().min(20).max(1000),
  target: RequestTargetMessage,
  segmenting: Segmenting,
  /** An open loop's run-wide in-flight cap, shared by every worker (in-flight-slots.ts); one buffer per run. */
  inFlightSlots: z.instanceof(SharedArrayBuffer).optional(),
  /** Per-request goodput limits (ms) from the plan's SLO; empty = every success is good. */
  goodputLimitsMs: z.partialRecord(z.enum(sloMetricIds), z.object({ limitMs: z.number(), inclusive: z.boolean() })),
});
export type StartMessage = z.infer<typeof StartMessage>;

export const StopMessage = z.object({ type: z.literal('stop') });

export const phaseIds = ['warmup', 'measured', 'cooldown'] as const;

/**
 * What one worker measured since its previous snapshot, for one second of the run (by end
 * instant; by scheduled instant for drops) and one segment (the stage and phase its scheduled
 * instant fell in).
 */
export const SecondDelta = z.object({
  second: count,
  stage: count,
  phase: z.number().int().min(0).max(2),
  completed: count,
  /** Failed for a reason other than the run ending. */
  failed: count,
  /** In flight when the run ended or was stopped. */
  cancelled: count,
  /** Completed and within every goodput limit. */
  good: count,
  /** Sent more than the late tolerance after their scheduled instant. */
  late: count,
  /** Arrivals never sent (in-flight cap with whenFull drop, or still waiting at the end). */
  dropped: count,
  /** Requests put on the wire. */
  sent: count,
  outputTokens: count,
  promptTokens: count,
  /** Output tokens received (content chunks, as usage never comes) by requests cancelled at the end, and by failed ones (issue #10). */
  cancelledOutputTokens: count.optional(),
  failedOutputTokens: count.optional(),
  /** Requests sent again on a fresh connection after dying unanswered on a reused one (not failures). */
  staleRetries: count.optional(),
  /** 1 in the second the worker began opening a new connection per request (the server closes after answers). */
  freshConnectionSwitches: count.optional(),
  /** Requests the client ended (cancelled, timed out) after the server had begun answering them. */
  cutShort: count.optional(),
  /** disagreed: successes whose token counts disagree (request-record's TokenDisagreement). */
  tokenSources: z.object({ usage: count, timings: count, chunks: count, disagreed: count.optional() }),
  errors: z.partialRecord(ErrorClass, count),
  histograms: z.partialRecord(z.enum(latencyMetricIds), z.string()),
});
export type SecondDelta = z.infer<typeof SecondDelta>;

export const ReadyMessage = z.object({ type: z.literal('ready') });

/** A worker keeps at most this many outages; a flapping server's later ones join the last. */
export const maxOutagesPerWorker = 100;

/** A stretch in which a worker's attempts were refused, epoch ms on its clock (server-outages.ts). */
export const OutagePiece = z.object({
  /** Sent instant of the first refused attempt. */
  fromMs: z.number(),
  /** Sent instant of the first attempt the server answered after the last refusal; absent while it still refuses. */
  toMs: z.number().optional(),
  lastRefusedMs: z.number(),
  refusedCount: count,
});
export type OutagePiece = z.infer<typeof OutagePiece>;

/** A worker's refused connections and closed-loop backoff since the run started (cumulative, not a delta). */
export const Reachability = z.object({
  outages: z.array(OutagePiece).max(maxOutagesPerWorker),
  backoff: z.object({ waits: count, waitedMs: z.number().nonnegative(), longestWaitMs: z.number().nonnegative() }),
});
export type Reachability = z.infer<typeof Reachability>;

export const SnapshotMessage = z.object({
  type: z.literal('snapshot'),
  workerIndex: count,
  /** Worker clock minus runStartMs when the snapshot was taken: every request that ended earlier is in it. */
  elapsedMs: z.number(),
  inFlight: count,
  started: count,
  seconds: z.array(SecondDelta),
  records: z.array(RequestRecord),
  /** Present once the server refused one of this worker's connections. */
  reachability: Reachability.optional(),
});
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

/** The worker's own health over the run: a busy or lagging loop adds its own delay to every figure. */
export const WorkerHealth = z.object({
  /** Event-loop utilisation from start to done (0..1). */
  busyFraction: z.number().min(0).max(1),
  /** Event-loop delay (monitorEventLoopDelay, 10 ms resolution), ms. */
  loopLagP50Ms: z.number().nonnegative(),
  loopLagP99Ms: z.number().nonnegative(),
  loopLagMaxMs: z.number().nonnegative(),
});
export type WorkerHealth = z.infer<typeof WorkerHealth>;

export const DoneMessage = z.object({
  type: z.literal('done'),
  workerIndex: count,
  /** When the worker's last request ended (or it was stopped), ms since runStartMs. */
  endElapsedMs: z.number(),
  /** What ended its loop: its request budget, the run's deadline, or a stop from the pool. */
  endedBy: z.enum(['budget', 'deadline', 'stopped']),
  /** Its event loop's utilisation from start to done (0..1): near 1, the worker was the bottleneck. */
  busyFraction: z.number().min(0).max(1),
  health: WorkerHealth,
});
export type DoneMessage = z.infer<typeof DoneMessage>;

export const ErrorMessage = z.object({ type: z.literal('error'), workerIndex: count.optional(), message: z.string() });

export const LoadgenMessage = z.discriminatedUnion('type', [StartMessage, StopMessage, ReadyMessage, SnapshotMessage, DoneMessage, ErrorMessage]);
export type LoadgenMessage = z.infer<typeof LoadgenMessage>;

export const ParentToWorker = z.discriminatedUnion('type', [StartMessage, StopMessage]);
export type ParentToWorker = z.infer<typeof ParentToWorker>;

export const WorkerToParent = z.discriminatedUnion('type', [ReadyMessage, SnapshotMessage, DoneMessage, ErrorMessage]);
export type WorkerToParent = z.infer<typeof WorkerToParent>;

/**
 * WorkerToParent with each snapshot's records checked only for being an array: what the pool
 * parses on its hot path, where records arrive by the thousand a second and every other step
 * (structured clone, the run folder's JSON) already costs more per record. The worker builds
 * each record against RequestRecord's type; tests and development parse in full.
 */
export const WorkerToParentEnvelope = z.discriminatedUnion('type', [
  ReadyMessage,
  SnapshotMessage.extend({ records: z.custom<RequestRecord[]>((value) => Array.isArray(value), 'records must be an array') }),
  DoneMessage,
  ErrorMessage,
]);
