import { Agent } from 'undici';
import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import { RequestConsumer } from '../client/request-consumer';
import type { RequestTarget } from '../client/request-target';
import { nowMs, RequestTiming } from '../client/request-timing';
import type { WorkerMetrics } from './worker-metrics';

export interface RunnerContext {
  target: RequestTarget;
  runStartMs: number;
  deadlineMs: number;
  metrics: WorkerMetrics;
}

/** Why a runner ended: its budget (or schedule) was spent, the deadline passed, or the pool stopped it. */
export type EndedBy = 'budget' | 'deadline' | 'stopped';

/**
 * What the closed and open runners share: one undici Agent, the set of requests in flight, the
 * deadline, stop(), and sending one request with its timeout and recording it. stop() (and the
 * deadline) abort every in-flight request at once; those end as `cancelled` with what they had
 * measured.
 */
export abstract class RunnerBase {
  protected readonly agent: Agent;
  protected readonly inFlight = new Set<RequestConsumer>();
  private readonly spare: RequestConsumer[] = [];
  protected started = 0;
  private finished = 0;
  protected stopping = false;
  endedBy: EndedBy = 'budget';
  private lastEndMs = 0;
  private stopMs: number | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private settle: (() => void) | undefined;

  constructor(protected readonly context: RunnerContext) {
    // One connection per stream: pipelining would queue a stream behind another's whole answer.
    this.agent = new Agent({ pipelining: 1, connections: null, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } });
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get startedCount(): number {
    return this.started;
  }

  /** Runs to the end; resolves with the end of the measured window (epoch ms). */
  async run(): Promise<number> {
    const done = new Promise<void>((resolve) => (this.settle = resolve));
    this.deadlineTimer = setTimeout(() => this.stop('deadline'), Math.max(0, this.context.deadlineMs - nowMs()));
    this.begin();
    this.checkDone();
    await done;
    clearTimeout(this.deadlineTimer);
    await this.agent.destroy();
    return this.stopMs ?? (this.lastEndMs > 0 ? this.lastEndMs : nowMs());
  }

  /** Stops starting requests and cancels those in flight; idempotent. */
  stop(reason: 'deadline' | 'stopped' = 'stopped'): void {
    if (this.stopping) return;
    this.stopping = true;
    this.endedBy = reason;
    this.stopMs = nowMs();
    this.onStop();
    for (const consumer of this.inFlight) consumer.abort('cancelled');
    this.checkDone();
  }

  /** Starts the runner's users or schedule. */
  protected abstract begin(): void;
  /** True when nothing more will be sent (apart from requests in flight). */
  protected abstract isExhausted(): boolean;
  protected onStop(): void {}

  /** Sends one request due at `scheduledMs`; resolves with its error class (null on success) once it has ended and been recorded. */
  protected async send(request: { scheduledMs: number; vu: number; bodyIndex: number }): Promise<ErrorClass | null> {
    const consumer = this.spare.pop() ?? new RequestConsumer(new RequestTiming(), this.context.target);
    const timing = consumer.timing;
    timing.reset(request.scheduledMs);
    this.inFlight.add(consumer);
    this.started += 1;
    const timeout = setTimeout(() => consumer.abort('timeout'), this.context.target.timeoutMs);
    const ended = consumer.perform(this.agent, request.bodyIndex);
    this.context.metrics.recordSent(timing.sentMs, timing.scheduledMs);
    await ended;
    clearTimeout(timeout);
    this.inFlight.delete(consumer);
    this.lastEndMs = Math.max(this.lastEndMs, timing.endMs);
    this.context.metrics.recordRequest(timing, { vu: request.vu, seq: this.finished });
    this.finished += 1;
    // Read before the consumer goes back to the pool: another user may reset its timing next.
    const errorClass = timing.errorClass;
    this.spare.push(consumer);
    return errorClass;
  }

  /** True when the deadline has passed (and stops the runner if so). */
  protected isPastDeadline(): boolean {
    if (nowMs() < this.context.deadlineMs) return false;
    this.stop('deadline');
    return true;
  }

  /** Resolves run() once nothing is in flight and nothing more will be sent. */
  protected checkDone(): void {
    if (this.settle === undefined || this.inFlight.size > 0) return;
    if (!this.stopping && !this.isExhausted()) return;
    const settle = this.settle;
    this.settle = undefined;
    settle();
  }
}
