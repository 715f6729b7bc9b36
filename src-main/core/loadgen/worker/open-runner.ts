import { houseClock } from '../../clock';
import { ArrivalSchedule } from '../executors/arrival-schedule';
import type { OpenAssignment } from '../executors/open-loop';
import type { InFlightSlots } from './in-flight-slots';
import { RunnerBase, type RunnerContext } from './runner-base';

interface Arrival {
  index: number;
  scheduledMs: number;
}

/** An arrival held back by the cap (whenFull 'wait') with its ticket for a slot (in-flight-slots.ts). */
interface WaitingArrival extends Arrival {
  ticket: number;
}

/**
 * A worker waiting for a slot is woken by the release that frees one, in whichever worker; this
 * is only a backstop, long enough that the wake-up, not a poll, is what sends the arrival.
 */
const slotWaitMs = 10_000;

/**
 * A worker's open loop: requests go out on the arrival schedule whatever the server does, and
 * each is timed from its scheduled instant, so a stalled server shows its full wait instead of
 * slowing the load down (coordinated omission). The in-flight cap is the run's, shared by
 * every worker (in-flight-slots.ts): when `maxInFlight` requests are out run-wide, an arrival
 * waits for a slot to free in any worker (whenFull 'wait': it is sent late, still timed from
 * its schedule, and slots go to waiting arrivals in the order they came due) or is dropped
 * ('drop', k6's dropped_iterations); arrivals still waiting at the end are dropped.
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
  private readonly waiting: WaitingArrival[] = [];
  private waitingHead = 0;
  private isAwaitingSlot = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    context: RunnerContext,
    private readonly assignment: OpenAssignment,
    private readonly slots: InFlightSlots,
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
    const delayMs = this.next.scheduledMs - houseClock();
    this.timer = setTimeout(() => this.release(), Math.max(0, delayMs));
  }

  /** Sends (or queues, or drops) every arrival now due, then waits for the next. */
  private release(): void {
    const now = houseClock();
    if (this.isPastDeadline()) return;
    while (this.next !== undefined && this.next.scheduledMs <= now) {
      this.admit(this.next);
      this.next = this.pull();
    }
    this.arm();
    this.checkDone();
  }

  private admit(arrival: Arrival): void {
    if (this.assignment.load.whenFull === 'drop') {
      if (this.slots.tryTake()) void this.launch(arrival);
      else this.context.metrics.recordDropped(arrival.scheduledMs);
      return;
    }
    this.waiting.push({ ...arrival, ticket: this.slots.takeTicket() });
    this.launchReady();
  }

  /** Sends the waiting arrivals whose tickets may go, in order; if one still may not, waits for a slot to free anywhere. */
  private launchReady(): void {
    while (this.waitingHead < this.waiting.length && !this.stopping) {
      const head = this.waiting[this.waitingHead]!;
      if (!this.slots.mayGo(head.ticket)) {
        this.awaitSlot(head.ticket);
        break;
      }
      this.waitingHead += 1;
      void this.launch(head);
    }
    if (this.waitingHead === this.waiting.length) {
      this.waiting.length = 0;
      this.waitingHead = 0;
    } else if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) this.compactWaiting();
  }

  private awaitSlot(ticket: number): void {
    if (this.isAwaitingSlot) return;
    this.isAwaitingSlot = true;
    void this.slots.whenReleased(ticket, slotWaitMs).then(() => {
      this.isAwaitingSlot = false;
      if (this.stopping || this.isPastDeadline()) return;
      this.launchReady();
      this.checkDone();
    });
  }

  private async launch(arrival: Arrival): Promise<void> {
    try {
      await this.send({ scheduledMs: arrival.scheduledMs, vu: arrival.index, bodyIndex: arrival.index });
    } finally {
      this.slots.release();
    }
    if (!this.stopping && !this.isPastDeadline()) this.launchReady();
    this.checkDone();
  }

  private compactWaiting(): void {
    this.waiting.splice(0, this.waitingHead);
    this.waitingHead = 0;
  }
}
