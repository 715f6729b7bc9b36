import { Agent } from 'undici';
import { ChatStreamConsumer, toDispatchTarget, type ChatDispatchTarget, type ChatTarget } from '../client/chat-request';
import { nowMs, RequestTiming } from '../client/request-timing';
import type { WorkerMetrics } from './worker-metrics';

export interface ClosedLoopConfig {
  firstVu: number;
  virtualUsers: number;
  requestBudget: number;
  deadlineMs: number;
  target: ChatTarget;
}

/**
 * The closed loop of one worker: each virtual user sends its next request as soon as the
 * previous one ends, until the worker's request budget is spent, the deadline passes, or
 * stop() is called. stop() (and the deadline) abort every in-flight request at once; those
 * requests end as `cancelled` with what they had measured.
 */
export class ClosedLoop {
  private readonly agent: Agent;
  private readonly target: ChatDispatchTarget;
  private readonly inFlight = new Set<ChatStreamConsumer>();
  private started = 0;
  private finished = 0;
  private stopping = false;
  /** Why the loop ended: its budget was spent, the deadline passed, or the pool stopped it. */
  endedBy: 'budget' | 'deadline' | 'stopped' = 'budget';
  private lastEndMs = 0;
  /** When stop() was called: the end of the measured window for a stopped or timed-out run. */
  private stopMs: number | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClosedLoopConfig,
    private readonly metrics: WorkerMetrics,
  ) {
    // One connection per stream: pipelining would queue a stream behind another's whole answer.
    this.agent = new Agent({ pipelining: 1, connections: null, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } });
    this.target = toDispatchTarget(config.target);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  get startedCount(): number {
    return this.started;
  }

  /** Runs every virtual user to the end; resolves with the end of the measured window (epoch ms). */
  async run(): Promise<number> {
    this.deadlineTimer = setTimeout(() => this.stop('deadline'), Math.max(0, this.config.deadlineMs - nowMs()));
    const users = Array.from({ length: this.config.virtualUsers }, (_, index) => this.runUser(this.config.firstVu + index));
    await Promise.all(users);
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
    for (const consumer of this.inFlight) consumer.abort('cancelled');
  }

  private claim(): boolean {
    if (this.stopping || this.started >= this.config.requestBudget) return false;
    if (nowMs() >= this.config.deadlineMs) {
      this.stop('deadline');
      return false;
    }
    this.started += 1;
    return true;
  }

  private async runUser(vu: number): Promise<void> {
    const timing = new RequestTiming();
    const consumer = new ChatStreamConsumer(timing);
    while (this.claim()) {
      timing.reset(nowMs());
      this.inFlight.add(consumer);
      const timeout = setTimeout(() => consumer.abort('timeout'), this.config.target.timeoutMs);
      await consumer.perform(this.agent, this.target);
      clearTimeout(timeout);
      this.inFlight.delete(consumer);
      this.lastEndMs = Math.max(this.lastEndMs, timing.endMs);
      this.metrics.recordRequest(timing, { vu, seq: this.finished });
      this.finished += 1;
    }
  }
}
