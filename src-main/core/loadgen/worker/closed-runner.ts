import { globalVu, type ClosedAssignment } from '../executors/closed-loop';
import { nowMs } from '../client/request-timing';
import { RunnerBase, type RunnerContext } from './runner-base';

/**
 * A worker's closed loop: each of its users sends the next request as soon as the previous
 * one ends. The user count follows the assignment's levels (k6 ramping-vus): on a rise new
 * users start at once; on a fall the highest users finish their request in flight and leave
 * (graceful ramp-down). A request is scheduled when its user became free.
 */
export class ClosedRunner extends RunnerBase {
  private targetUsers = 0;
  private readonly running: boolean[] = [];
  private runningCount = 0;
  private levelsPending = 0;
  private readonly levelTimers: NodeJS.Timeout[] = [];

  constructor(
    context: RunnerContext,
    private readonly assignment: ClosedAssignment,
  ) {
    super(context);
  }

  protected begin(): void {
    for (const level of this.assignment.levels) {
      const delayMs = this.context.runStartMs + level.atMs - nowMs();
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
      await this.send({ scheduledMs: nowMs(), vu, bodyIndex: this.started * workerCount + workerIndex });
    }
    this.running[local] = false;
    this.runningCount -= 1;
    this.checkDone();
  }
}
