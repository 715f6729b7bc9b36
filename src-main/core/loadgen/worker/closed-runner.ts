import { globalVu, type ClosedAssignment } from '../executors/closed-loop';
import { houseClock } from '../../clock';
import { connectBackoffDelayMs } from './connect-backoff';
import { RunnerBase, type RunnerContext } from './runner-base';

/**
 * A worker's closed loop: each of its users sends the next request as soon as the previous
 * one ends. The user count follows the assignment's levels (k6 ramping-vus): on a rise new
 * users start at once; on a fall the highest users finish their request in flight and leave
 * (graceful ramp-down). A request is scheduled when its user became free.
 *
 * While the server refuses connections a user waits before trying again (connect-backoff.ts)
 * instead of retrying at once: a refused connect takes well under a millisecond, and eight
 * users would otherwise send hundreds of attempts a second at a server that is not there. Its
 * first attempt that is not refused ends the waiting. stop() and the deadline cut a wait short.
 */
export class ClosedRunner extends RunnerBase {
  private targetUsers = 0;
  private readonly running: boolean[] = [];
  private runningCount = 0;
  private levelsPending = 0;
  private readonly levelTimers: NodeJS.Timeout[] = [];
  /** Refusals in a row, per local user. */
  private readonly refusals: number[] = [];
  /** Wakes each user that is waiting out a refusal. */
  private readonly waiting = new Set<() => void>();

  constructor(
    context: RunnerContext,
    private readonly assignment: ClosedAssignment,
  ) {
    super(context);
  }

  protected begin(): void {
    for (const level of this.assignment.levels) {
      const delayMs = this.context.runStartMs + level.atMs - houseClock();
      if (level.atMs === 0 || delayMs <= 0) {
        this.setLevel(level.users);
        continue;
      }
      this.levelsPending += 1;
      this.levelTimers.push(setTimeout(() => (this.levelsPending -= 1, this.setLevel(level.users), this.checkDone()), delayMs));
    }
  }

  protected isExhausted(): boolean {
    return this.runningCount === 0 && (this.started >= this.assignment.requestBudget || this.levelsPending === 0);
  }

  protected onStop(): void {
    this.levelTimers.forEach(clearTimeout);
    this.levelsPending = 0;
    for (const wake of [...this.waiting]) wake();
  }

  private setLevel(users: number): void {
    if (this.stopping) return;
    this.targetUsers = users;
    for (let local = 0; local < users; local += 1) {
      if (this.running[local]) continue;
      this.running[local] = true;
      this.runningCount += 1;
      void this.runUser(local);
    }
  }

  private canSend(local: number): boolean {
    if (this.stopping || local >= this.targetUsers || this.started >= this.assignment.requestBudget) return false;
    return !this.isPastDeadline();
  }

  private async runUser(local: number): Promise<void> {
    const vu = globalVu(this.assignment, local);
    const { workerIndex, workerCount } = this.assignment;
    while (this.canSend(local)) {
      const errorClass = await this.send({ scheduledMs: houseClock(), vu, bodyIndex: this.started * workerCount + workerIndex });
      if (errorClass === 'connection_refused') await this.backOff(local);
      else this.refusals[local] = 0;
    }
    this.running[local] = false;
    this.runningCount -= 1;
    this.checkDone();
  }

  /** Waits out a refusal (never past the deadline or a stop) and records how long it waited. */
  private async backOff(local: number): Promise<void> {
    const refusals = (this.refusals[local] ?? 0) + 1;
    this.refusals[local] = refusals;
    if (this.stopping || local >= this.targetUsers || this.started >= this.assignment.requestBudget) return;
    const startMs = houseClock();
    const delayMs = Math.min(connectBackoffDelayMs(refusals, Math.random()), Math.max(0, this.context.deadlineMs - startMs));
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      this.waiting.add(wake);
    });
    this.context.metrics.recordBackoff(houseClock() - startMs);
  }
}
