import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import { ConnectionPolicy } from '../client/connection-policy';
import { RequestConsumer } from '../client/request-consumer';
import type { RequestTarget } from '../client/request-target';
import { houseClock } from '../../clock';
import { RequestTiming } from '../client/request-timing';
import { VuConnection } from '../client/vu-connection';
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
 * What the closed and open runners share: the request consumers (each with its own connection,
 * kept from request to request, see vu-connection.ts) and the worker's connection policy, the
 * set of requests in flight, the deadline, stop(), and sending one request with its timeout and
 * recording it. stop() (and the deadline) abort every in-flight request at once, once what had
 * already arrived is read; those end as `cancelled` with what they had measured.
 */
export abstract class RunnerBase {
  private readonly policy: ConnectionPolicy;
  private readonly consumers: RequestConsumer[] = [];
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
    this.policy = new ConnectionPolicy(() => context.metrics.recordFreshConnections(houseClock()));
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
    this.deadlineTimer = setTimeout(() => this.stop('deadline'), Math.max(0, this.context.deadlineMs - houseClock()));
    this.begin();
    this.checkDone();
    await done;
    clearTimeout(this.deadlineTimer);
    await Promise.all(this.consumers.map((consumer) => consumer.connection.close()));
    return this.stopMs ?? (this.lastEndMs > 0 ? this.lastEndMs : houseClock());
  }

  /** Stops starting requests and cancels those in flight; idempotent. */
  stop(reason: 'deadline' | 'stopped' = 'stopped'): void {
    if (this.stopping) return;
    this.stopping = true;
    this.endedBy = reason;
    this.stopMs = houseClock();
    this.onStop();
    // Aborted after two more polls for I/O: the answers' bytes that had already reached us are
    // read first, so a request cancelled here counts every token the server sent before the end.
    setImmediate(() => setImmediate(() => this.inFlight.forEach((consumer) => consumer.abort('cancelled'))));
    this.checkDone();
  }

  /** Starts the runner's users or schedule. */
  protected abstract begin(): void;
  /** True when nothing more will be sent (apart from requests in flight). */
  protected abstract isExhausted(): boolean;
  protected onStop(): void {}

  /** Sends one request due at `scheduledMs`; resolves with its error class (null on success) once it has ended and been recorded. */
  protected async send(request: { scheduledMs: number; vu: number; bodyIndex: number }): Promise<ErrorClass | null> {
    const consumer = this.spare.pop() ?? this.createConsumer();
    const timing = consumer.timing;
    timing.reset(request.scheduledMs);
    this.inFlight.add(consumer);
    this.started += 1;
    const timeout = setTimeout(() => consumer.abort('timeout'), this.context.target.timeoutMs);
    const ended = consumer.perform(request.bodyIndex);
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

  private createConsumer(): RequestConsumer {
    const { target } = this.context;
    const consumer = new RequestConsumer(new RequestTiming(), target, new VuConnection(target.origin, this.policy));
    this.consumers.push(consumer);
    return consumer;
  }

  /** True when the deadline has passed (and stops the runner if so). */
  protected isPastDeadline(): boolean {
    if (houseClock() < this.context.deadlineMs) return false;
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
