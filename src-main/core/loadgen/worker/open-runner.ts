import { nowMs } from '../client/request-timing';
import { ArrivalSchedule } from '../executors/arrival-schedule';
import type { OpenAssignment } from '../executors/open-loop';
import { RunnerBase, type RunnerContext } from './runner-base';

interface Arrival {
  index: number;
  scheduledMs: number;
}

/**
 * A worker's open loop: requests go out on the arrival schedule whatever the server does, and
 * each is timed from its scheduled instant, so a stalled server shows its full wait instead of
 * slowing the load down (coordinated omission). When `maxInFlight` requests are out, an
 * arrival waits for a free slot (whenFull 'wait': it is sent late, still timed from its
 * schedule) or is dropped ('drop', k6's dropped_iterations); arrivals still waiting at the
 * end are dropped.
 *
 * The open loop does not back off when the server refuses connections (the closed loop does):
 * its schedule already bounds the attempts to the offered rate, and each arrival that falls in
 * an outage is still sent on time and counted as a connection_refused failure, so the outage
 * costs the run exactly the requests it would have made, visibly, and the first arrival after
 * the server is back finds it at once.
 */
export class OpenRunner extends RunnerBase {
  private readonly schedule: ArrivalSchedule;
  private next: Arrival | undefined;
  private readonly waiting: Arrival[] = [];
  private waitingHead = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    context: RunnerContext,
    private readonly assignment: OpenAssignment,
  ) {
    super(context);
    this.schedule = new ArrivalSchedule(assignment);
  }

  protected begin(): void {
    this.next = this.pull();
    this.arm();
  }

  protected isExhausted(): boolean {
    return this.next === undefined && this.waitingHead >= this.waiting.length;
  }

  protected onStop(): void {
    clearTimeout(this.timer);
    for (let index = this.waitingHead; index < this.waiting.length; index += 1) this.context.metrics.recordDropped(this.waiting[index]!.scheduledMs);
    this.waitingHead = this.waiting.length;
    this.next = undefined;
  }

  private pull(): Arrival | undefined {
    const arrival = this.schedule.next();
    return arrival && { index: arrival.index, scheduledMs: this.context.runStartMs + arrival.offsetMs };
  }

  /**
   * Waits for the next arrival. libuv measures a timer from its cached loop time, so a timer
   * can fire a little early; firing re-arms until the due instant has really come.
   */
  private arm(): void {
    if (this.next === undefined || this.stopping) return;
    const delayMs = this.next.scheduledMs - nowMs();
    this.timer = setTimeout(() => this.release(), Math.max(0, delayMs));
  }

  /** Sends (or queues, or drops) every arrival now due, then waits for the next. */
  private release(): void {
    const now = nowMs();
    if (this.isPastDeadline()) return;
    while (this.next !== undefined && this.next.scheduledMs <= now) {
      this.admit(this.next);
      this.next = this.pull();
    }
    this.arm();
    this.checkDone();
  }

  private admit(arrival: Arrival): void {
    if (this.inFlight.size < this.assignment.maxInFlight) void this.launch(arrival);
    else if (this.assignment.load.whenFull === 'drop') this.context.metrics.recordDropped(arrival.scheduledMs);
    else this.waiting.push(arrival);
  }

  private async launch(arrival: Arrival): Promise<void> {
    await this.send({ scheduledMs: arrival.scheduledMs, vu: arrival.index, bodyIndex: arrival.index });
    if (!this.stopping && this.waitingHead < this.waiting.length && !this.isPastDeadline()) {
      const queued = this.waiting[this.waitingHead]!;
      this.waitingHead += 1;
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) this.compactWaiting();
      void this.launch(queued);
    }
    this.checkDone();
  }

  private compactWaiting(): void {
    this.waiting.splice(0, this.waitingHead);
    this.waitingHead = 0;
  }
}
