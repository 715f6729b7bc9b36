import { z } from 'zod';
import { latencyMetricIds } from '../../../../src-shared/metrics/definitions';
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

export const StartMessage = z.object({
  type: z.literal('start'),
  workerIndex: count,
  /** Global index of this worker's first virtual user. */
  firstVu: count,
  virtualUsers: z.number().int().positive(),
  /** Requests this worker may start in all (its exact share of the run's count bound). */
  requestBudget: count,
  /** Epoch ms (parent clock) at which the run started; seconds of the series count from here. */
  runStartMs: z.number().nonnegative(),
  /** Epoch ms after which no request starts and in-flight ones are cancelled. */
  deadlineMs: z.number().nonnegative(),
  snapshotIntervalMs: z.number().int().min(20).max(1000),
  target: z.object({ chatUrl: z.string().url(), body: z.string(), timeoutMs: z.number().positive() }),
});
export type StartMessage = z.infer<typeof StartMessage>;

export const StopMessage = z.object({ type: z.literal('stop') });

/** What one worker measured in one second of the run since its previous snapshot. */
export const SecondDelta = z.object({
  second: count,
  completed: count,
  /** Failed for a reason other than the run ending. */
  failed: count,
  /** In flight when the run ended or was stopped. */
  cancelled: count,
  outputTokens: count,
  promptTokens: count,
  errors: z.partialRecord(ErrorClass, count),
  histograms: z.partialRecord(z.enum(latencyMetricIds), z.string()),
});
export type SecondDelta = z.infer<typeof SecondDelta>;

export const ReadyMessage = z.object({ type: z.literal('ready') });

export const SnapshotMessage = z.object({
  type: z.literal('snapshot'),
  workerIndex: count,
  /** Worker clock minus runStartMs when the snapshot was taken: every request that ended earlier is in it. */
  elapsedMs: z.number(),
  inFlight: count,
  started: count,
  seconds: z.array(SecondDelta),
  records: z.array(RequestRecord),
});
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

export const DoneMessage = z.object({
  type: z.literal('done'),
  workerIndex: count,
  /** When the worker's last request ended (or it was stopped), ms since runStartMs. */
  endElapsedMs: z.number(),
  /** What ended its loop: its request budget, the run's deadline, or a stop from the pool. */
  endedBy: z.enum(['budget', 'deadline', 'stopped']),
  /** Its event loop's utilisation from start to done (0..1): near 1, the worker was the bottleneck. */
  busyFraction: z.number().min(0).max(1),
});
export type DoneMessage = z.infer<typeof DoneMessage>;

export const ErrorMessage = z.object({ type: z.literal('error'), workerIndex: count.optional(), message: z.string() });

export const LoadgenMessage = z.discriminatedUnion('type', [StartMessage, StopMessage, ReadyMessage, SnapshotMessage, DoneMessage, ErrorMessage]);
export type LoadgenMessage = z.infer<typeof LoadgenMessage>;

export const ParentToWorker = z.discriminatedUnion('type', [StartMessage, StopMessage]);
export type ParentToWorker = z.infer<typeof ParentToWorker>;

export const WorkerToParent = z.discriminatedUnion('type', [ReadyMessage, SnapshotMessage, DoneMessage, ErrorMessage]);
export type WorkerToParent = z.infer<typeof WorkerToParent>;
