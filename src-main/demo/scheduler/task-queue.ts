import type { Task } from './task';

/**
 * FIFO of deferred tasks. A head index instead of Array.shift keeps taking from a queue of
 * thousands O(1); cancelled tasks stay in place and are skipped, with a live count kept for
 * llamacpp:requests_deferred.
 */
export class TaskQueue {
  private items: Task[] = [];
  private head = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(task: Task): void {
    this.items.push(task);
    this.live += 1;
  }

  /** The next task that was not cancelled, or undefined. */
  shift(): Task | undefined {
    while (this.head < this.items.length) {
      const task = this.items[this.head];
      this.head += 1;
      if (task !== undefined && !task.cancelled) {
        this.live -= 1;
        this.compact();
        return task;
      }
    }
    this.compact();
    return undefined;
  }

  /** Marks a queued task cancelled; returns false if it is not queued here. */
  cancel(task: Task): boolean {
    if (task.cancelled || !this.items.includes(task, this.head)) return false;
    task.cancelled = true;
    this.live -= 1;
    return true;
  }

  /** Removes and returns every live task (server shutdown). */
  drain(): Task[] {
    const rest = this.items.slice(this.head).filter((task) => !task.cancelled);
    this.items = [];
    this.head = 0;
    this.live = 0;
    return rest;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
