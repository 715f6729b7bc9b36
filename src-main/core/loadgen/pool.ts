import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../src-shared/errors';
import type { RequestRecord } from '../../../src-shared/schemas/request-record';
import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import type { RunProgress, RunSummary, SeriesPoint } from '../../../src-shared/schemas/run-result';
import { assessClientHealth, ParentHealthMeter } from './client-health';
import { buildRequestTarget, type PromptInput } from './client/request-target';
import { houseClock } from '../clock';
import { chooseWorkerCount, planExecution, runBounds, type WorkerAssignment } from './plan';
import { measuredWindow, offeredRateRps, planRunWindows, type RunWindows } from './run-windows';
import { lastSecondOf, SeriesAccumulator } from './series';
import { buildRunSummary, progressTotals } from './summary';
import { inFlightSlotsBytes } from './worker/in-flight-slots';
import { WorkerToParent, WorkerToParentEnvelope, type ParentToWorker, type Reachability, type WorkerHealth } from './worker/protocol';

/** Where a run's measurements go as they arrive. Calls are synchronous and must not throw. */
export interface LoadgenSink {
  /** The load's t = 0 on the house clock, told before any worker is told to start. */
  started?(runStartMs: number): void;
  /** Finished requests, in batches (one per worker snapshot). */
  records(records: RequestRecord[]): void;
  /** Seconds of the run as they close, in order. */
  series(points: SeriesPoint[]): void;
  progress(progress: RunProgress): void;
}

export interface LoadgenOptions {
  runId: string;
  plan: RunPlan;
  /** File Node runs as the worker thread (the tsx bootstrap, or a bundled worker). */
  workerEntry: string;
  sink: LoadgenSink;
  /** Overrides the worker count chosen from the users and the cores. */
  workerCount?: number;
  /** The dataset's prompts, in order; without them every request sends the plan's prompt. */
  prompts?: readonly PromptInput[];
  /** The API key, resolved from the secrets store; sent as a bearer token, never written anywhere. */
  apiKey?: string;
  progressIntervalMs?: number;
  snapshotIntervalMs?: number;
  /**
   * Parse each worker message in full, every request record included. On by default under
   * tests and in development (NODE_ENV test or development); otherwise only the envelope is
   * parsed, which keeps the per-record cost off the merging thread.
   */
  validateProtocol?: boolean;
}

export interface LoadgenResult {
  status: 'completed' | 'stopped' | 'failed';
  summary: RunSummary;
  error?: AppError;
}

export interface LoadgenRun {
  /** Stops the run within a second: in-flight requests are cancelled, what was measured is kept. */
  stop(): void;
  readonly done: Promise<LoadgenResult>;
}

const readyTimeoutMs = 30_000;
/** After a stop, a worker that has not said done by then is terminated. */
const stopGraceMs = 700;
/**
 * At the run's natural end a worker gets longer: one whose loop lags (thousands of streams on
 * a starved core) still sends its last snapshot, instead of being terminated with it unsent.
 */
const deadlineGraceMs = 10_000;
/** A worker ends its own loop at the deadline; the pool steps in only if it did not. */
const deadlineSlackMs = 1_500;

/**
 * Runs a plan on a pool of worker threads (the plan's executor splits users or arrivals
 * across them exactly) and merges their snapshots into per-second series points, progress
 * events and a summary of the measured window.
 * Every run is bounded: by its request count (or the global ceiling) and by its duration
 * (or the duration cap).
 */
export function startLoadgen(options: LoadgenOptions): LoadgenRun {
  const pool = new LoadgenPool(options);
  const done = pool.run();
  return { stop: () => pool.stop('user'), done };
}

class LoadgenPool {
  private readonly shares: WorkerAssignment[];
  private readonly windows: RunWindows;
  private readonly health: WorkerHealth[] = [];
  /** Each worker's latest refused-connection record (cumulative). */
  private readonly reachability = new Map<number, Reachability>();
  private meter: ParentHealthMeter | undefined;
  private readonly workers: Worker[] = [];
  private readonly finished = new Set<number>();
  private readonly series: SeriesAccumulator;
  private readonly bounds: { requestCount: number; durationMs: number };
  private runStartMs = 0;
  private endElapsedMs = 0;
  private isDeadlineReached = false;
  private stopReason: 'user' | 'deadline' | 'error' | undefined;
  private error: AppError | undefined;
  private settle: (() => void) | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly protocol: typeof WorkerToParent | typeof WorkerToParentEnvelope;

  constructor(private readonly options: LoadgenOptions) {
    const nodeEnv = process.env.NODE_ENV;
    this.protocol = (options.validateProtocol ?? (nodeEnv === 'test' || nodeEnv === 'development')) ? WorkerToParent : WorkerToParentEnvelope;
    this.bounds = runBounds(options.plan);
    const workerCount = chooseWorkerCount({ load: options.plan.load, cores: availableParallelism(), requested: options.workerCount });
    this.shares = planExecution(options.plan, workerCount);
    this.windows = planRunWindows(options.plan, this.bounds.durationMs / 1000);
    this.series = new SeriesAccumulator(this.shares.length, lastSecondOf(this.bounds.durationMs), this.windows.stages.map((stage) => stage.startS));
  }

  async run(): Promise<LoadgenResult> {
    const allDone = new Promise<void>((resolve) => (this.settle = resolve));
    try {
      // A stop during start-up must not wait for slow workers to finish loading.
      await Promise.race([this.spawnWorkers(), allDone]);
      this.startWorkers();
      await allDone;
    } catch (error) {
      this.fail(error instanceof AppError ? error : new AppError('internal', `the load generator failed: ${String(error)}`, { cause: error }));
    } finally {
      this.timers.forEach(clearTimeout);
      await Promise.all(this.workers.map((worker) => worker.terminate()));
    }
    return this.finish();
  }

  stop(reason: 'user' | 'deadline' | 'error'): void {
    if (this.stopReason !== undefined || this.finished.size === this.shares.length) return;
    this.stopReason = reason;
    this.endElapsedMs = Math.max(this.endElapsedMs, this.runStartMs > 0 ? houseClock() - this.runStartMs : 0);
    this.broadcast({ type: 'stop' });
    this.timers.push(setTimeout(() => this.terminateStragglers(), reason === 'deadline' ? deadlineGraceMs : stopGraceMs));
    if (this.runStartMs === 0) this.settle?.();
  }

  private spawnWorkers(): Promise<void> {
    const ready = this.shares.map((share) => {
      const worker = new Worker(this.options.workerEntry, { stdout: false, stderr: false });
      this.workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new AppError('internal', `load generator worker ${share.workerIndex} did not start within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
        this.timers.push(timer);
        worker.on('message', (raw: unknown) => this.onMessage(share.workerIndex, raw, () => (clearTimeout(timer), resolve())));
        worker.once('error', (error) => (clearTimeout(timer), reject(error), this.onWorkerGone(share.workerIndex, error)));
        worker.once('exit', (code) => this.onWorkerGone(share.workerIndex, code === 0 ? undefined : new Error(`exited with code ${code}`)));
      });
    });
    return Promise.all(ready).then(() => undefined);
  }

  private startWorkers(): void {
    if (this.stopReason !== undefined) return;
    const target = buildRequestTarget(this.options.plan, { prompts: this.options.prompts, apiKey: this.options.apiKey });
    this.meter = new ParentHealthMeter();
    this.runStartMs = houseClock();
    const deadlineMs = this.runStartMs + this.bounds.durationMs;
    const snapshotIntervalMs = this.options.snapshotIntervalMs ?? 250;
    const { segmenting, goodputLimitsMs } = this.windows;
    this.options.sink.started?.(this.runStartMs);
    // One buffer for the run: an open loop's in-flight cap holds across all its workers.
    const inFlightSlots = this.shares[0]?.kind === 'open' ? new SharedArrayBuffer(inFlightSlotsBytes) : undefined;
    for (const assignment of this.shares) {
      this.send(assignment.workerIndex, { type: 'start', assignment, runStartMs: this.runStartMs, deadlineMs, snapshotIntervalMs, target, segmenting, goodputLimitsMs, inFlightSlots });
    }
    const progressEveryMs = this.options.progressIntervalMs ?? 250;
    const progressTimer = setInterval(() => this.emitProgress(), progressEveryMs);
    this.timers.push(progressTimer as unknown as NodeJS.Timeout);
    this.timers.push(setTimeout(() => this.stop('deadline'), this.bounds.durationMs + deadlineSlackMs));
  }

  private onMessage(workerIndex: number, raw: unknown, onReady: () => void): void {
    const parsed = this.protocol.safeParse(raw);
    if (!parsed.success) {
      this.fail(new AppError('internal', `load generator worker ${workerIndex} sent a malformed message`, { details: parsed.error.issues }));
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') onReady();
    else if (message.type === 'snapshot') {
      this.series.applySnapshot(message);
      if (message.reachability) this.reachability.set(workerIndex, message.reachability);
      if (message.records.length > 0) this.options.sink.records(message.records);
    } else if (message.type === 'done') {
      this.endElapsedMs = Math.max(this.endElapsedMs, message.endElapsedMs);
      if (message.endedBy === 'deadline') this.isDeadlineReached = true;
      this.health.push(message.health);
      this.markFinished(workerIndex);
    } else this.fail(new AppError('internal', `load generator worker ${workerIndex} failed: ${message.message}`));
  }

  private onWorkerGone(workerIndex: number, error: unknown): void {
    if (this.finished.has(workerIndex)) return;
    if (this.stopReason === undefined || error !== undefined) {
      this.fail(new AppError('internal', `load generator worker ${workerIndex} ended unexpectedly: ${String(error ?? 'no done message')}`));
    }
    this.markFinished(workerIndex);
  }

  private markFinished(workerIndex: number): void {
    if (this.finished.has(workerIndex)) return;
    this.finished.add(workerIndex);
    this.series.markWorkerFinished(workerIndex);
    if (this.finished.size === this.shares.length) this.settle?.();
  }

  private terminateStragglers(): void {
    for (const share of this.shares) {
      if (this.finished.has(share.workerIndex)) continue;
      this.markFinished(share.workerIndex);
      void this.workers[share.workerIndex]?.terminate();
    }
  }

  private fail(error: AppError): void {
    this.error ??= error;
    this.stop('error');
  }

  private emitProgress(final = false): void {
    const points = final ? this.series.closeAll(this.measuredMs()) : this.series.closeCompleteSeconds();
    if (points.length > 0) this.options.sink.series(points);
    const { counts, histograms } = this.series.totals;
    const elapsedMs = final ? this.measuredMs() : Math.max(0, houseClock() - this.runStartMs);
    const doneCount = counts.completed + counts.failed + counts.cancelled;
    const fraction = final ? 1 : Math.min(1, Math.max(elapsedMs / this.bounds.durationMs, doneCount / this.bounds.requestCount));
    this.options.sink.progress({
      runId: this.options.runId,
      elapsedS: elapsedMs / 1000,
      fraction,
      completed: counts.completed,
      failed: counts.failed,
      inFlight: final ? 0 : this.series.inFlight,
      points,
      totals: progressTotals(histograms),
    });
  }

  private finish(): LoadgenResult {
    if (this.runStartMs > 0) this.emitProgress(true);
    const window = measuredWindow(this.windows, this.measuredMs() / 1000);
    const parent = this.meter?.read() ?? { parentBusyFraction: 0, processCpuFraction: 0 };
    const summary = buildRunSummary({
      measured: this.series.measured,
      totals: this.series.totals.counts,
      stages: this.series.stages,
      stageWindows: this.windows.stages,
      window,
      offeredRps: offeredRateRps(this.options.plan, this.windows, window),
      thresholds: this.windows.thresholds,
      clientHealth: assessClientHealth({ workers: this.health, ...parent, cores: this.meter?.cores ?? availableParallelism() }),
      reachability: { runStartMs: this.runStartMs, workers: [...this.reachability.values()] },
    });
    if (this.health.length > 0) summary.loadgenBusyFraction = Math.round(Math.max(...this.health.map((health) => health.busyFraction)) * 1000) / 1000;
    if (this.error) return { status: 'failed', summary, error: this.error };
    return { status: this.stopReason === 'user' ? 'stopped' : 'completed', summary };
  }

  /**
   * A run held to its duration lasted exactly that: the few ms a worker took to notice the
   * deadline (or its clock running a hair ahead of ours) are not run time.
   */
  private measuredMs(): number {
    return this.isDeadlineReached && this.stopReason !== 'user' ? this.bounds.durationMs : Math.min(this.endElapsedMs, this.bounds.durationMs);
  }

  private broadcast(message: ParentToWorker): void {
    for (const share of this.shares) if (!this.finished.has(share.workerIndex)) this.send(share.workerIndex, message);
  }

  private send(workerIndex: number, message: ParentToWorker): void {
    this.workers[workerIndex]?.postMessage(message);
  }
}
