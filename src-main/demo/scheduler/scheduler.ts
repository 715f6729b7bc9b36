import { performance } from 'node:perf_hooks';
import type { DecodeOutcome, Engine, SampledToken } from '../engine/engine';
import { serverError, unavailableError } from '../llama-errors';
import { buildBatch, tokensHeld, type BatchPlan } from './batch-builder';
import { ServerMetrics } from './server-metrics';
import { Slot } from './slot';
import { checkLaunch, reusableTokens, selectSlot } from './slot-launch';
import type { StopType, Task, TaskResult, TaskSpec } from './task';
import { TaskQueue } from './task-queue';

export interface SchedulerConfig {
  readonly nSlots: number;
  /** Context of each slot (after the -c split, -kvu and the training-context cap). */
  readonly nCtxSlot: number;
  /** Size of the unified KV pool, or null when each slot owns its context. */
  readonly unifiedPool: number | null;
  readonly nBatch: number;
  readonly nUbatch: number;
  readonly contBatching: boolean;
  readonly contextShift: boolean;
  readonly slotPromptSimilarity: number;
  /** -n: server-wide cap on generated tokens; -1 = none. */
  readonly serverNPredict: number;
  /** Seed for tasks that ask for a random one, so runs repeat. */
  readonly seed: number;
}

/** llama.cpp's "random seed" value (`LLAMA_DEFAULT_SEED`). */
export const randomSeed = 4294967295;

/**
 * The one loop of the demo server, shaped like llama.cpp's `update_slots`: admit queued tasks to
 * idle slots, build one batch for all slots together, let the engine compute it, hand each slot
 * its token. There is no timer per stream: thousands of streams cost one batch per step.
 */
export class Scheduler {
  readonly slots: Slot[];
  readonly metrics = new ServerMetrics();
  private readonly queue = new TaskQueue();
  private nextTaskId = 0;
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly engine: Engine,
    readonly config: SchedulerConfig,
  ) {
    this.slots = Array.from({ length: config.nSlots }, (_, id) => new Slot(id, config.nCtxSlot));
    this.loop = this.run();
  }

  /** Queues a task; the listener hears back when a slot takes it. */
  submit(spec: TaskSpec): Task {
    const task: Task = { ...spec, id: this.nextTaskId, cancelled: false };
    this.nextTaskId += 1;
    if (this.closed) {
      task.listener.onError(unavailableError('server is shutting down'));
      return task;
    }
    this.queue.push(task);
    this.wake?.();
    return task;
  }

  /** The client went away: a queued task is dropped now, a running one at the next step. */
  cancel(task: Task): void {
    if (!this.queue.cancel(task)) task.cancelled = true;
  }

  /**
   * Tasks waiting because every slot is busy (llamacpp:requests_deferred). A task that arrived
   * during a decode step while a slot is free is not deferred: llama-server takes it at the next
   * step too, and counts a task as deferred only when no slot can take it.
   */
  get deferred(): number {
    const idleSlots = this.slots.length - this.processing;
    return Math.max(0, this.queue.size - idleSlots);
  }

  /** Slots processing a task (llamacpp:requests_processing). */
  get processing(): number {
    return this.slots.filter((slot) => slot.isProcessing).length;
  }

  /** Stops the loop; every queued and running task gets an error. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
    const error = unavailableError('server is shutting down');
    for (const task of this.queue.drain()) task.listener.onError(error);
    for (const slot of this.slots) {
      slot.task?.listener.onError(error);
      slot.release(performance.now());
    }
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      this.dropCancelled();
      this.admit();
      const plan = this.plan();
      if (plan.items.length === 0) {
        this.engine.onIdle?.();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      const startedMs = performance.now();
      const outcome = await this.engine.decode({ items: plan.items });
      this.apply(plan, outcome, { startedMs, endedMs: performance.now() });
    }
  }

  private dropCancelled(): void {
    for (const slot of this.slots) {
      if (slot.task?.cancelled === true) this.finish(slot, { stopType: 'none', nowMs: performance.now(), notify: false });
    }
  }

  private admit(): void {
    while (this.queue.size > 0) {
      const slot = this.slots.find((candidate) => !candidate.isProcessing);
      if (slot === undefined) return;
      const task = this.queue.shift();
      if (task === undefined) return;
      const chosen = selectSlot(this.slots, task, this.config.slotPromptSimilarity) ?? slot;
      const refusal = checkLaunch(chosen, task, this.config.nUbatch);
      if (refusal !== null) {
        task.listener.onError(refusal);
        continue;
      }
      const cacheN = reusableTokens(chosen, task);
      chosen.launch(task, cacheN, performance.now());
      this.metrics.addPromptCached(cacheN);
      this.engine.beginSequence(chosen.id, { seed: this.seedFor(task), temperature: task.params.temperature, ignoreEos: task.params.ignoreEos }, cacheN);
      task.listener.onStart(chosen.id);
    }
  }

  private seedFor(task: Task): number {
    if (task.params.seed !== randomSeed && task.params.seed >= 0) return task.params.seed >>> 0;
    return (this.config.seed + Math.imul(task.id + 1, 0x9e3779b1)) >>> 0;
  }

  private plan(): BatchPlan {
    const config = { nBatch: this.config.nBatch, contBatching: this.config.contBatching, unifiedPool: this.config.unifiedPool };
    const pool = this.config.unifiedPool;
    if (pool !== null && tokensHeld(this.slots) + this.processing > pool) {
      // The unified pool is full: idle slots' prompt caches go first, as llama.cpp purges them.
      for (const slot of this.slots) if (!slot.isProcessing) slot.cache = [];
    }
    const plan = buildBatch(this.slots, config);
    for (const slot of plan.outOfPool) {
      slot.task?.listener.onError(serverError('Context size has been exceeded.'));
      slot.cache = [];
      this.finish(slot, { stopType: 'none', nowMs: performance.now(), notify: false });
    }
    return plan;
  }

  private apply(plan: BatchPlan, outcome: DecodeOutcome, { startedMs, endedMs: nowMs }: { startedMs: number; endedMs: number }): void {
    const longest = this.slots.reduce((max, slot) => Math.max(max, slot.cache.length), 0);
    this.metrics.addDecodeCalls(outcome.decodeCalls, this.processing, longest);
    if (plan.promptTokens > 0) this.metrics.addPrompt(plan.promptTokens, Math.round((nowMs - startedMs) * 1000));
    const sampledBySlot = new Map<number, SampledToken>(outcome.sampled.map((token) => [token.slotId, token]));
    for (const item of plan.items) {
      const slot = this.slots[item.slotId];
      if (slot === undefined || slot.task === null) continue;
      for (const token of item.tokens) slot.cache.push(token); // not push(...): a -b sized batch can exceed the argument limit
      if (item.isPrompt) this.advancePrompt(slot, item.tokens.length, nowMs);
      const sampled = sampledBySlot.get(slot.id);
      if (sampled !== undefined && slot.task !== null) this.takeToken(slot, sampled, nowMs);
    }
  }

  private advancePrompt(slot: Slot, count: number, nowMs: number): void {
    slot.promptPos += count;
    slot.nPromptProcessed += count;
    slot.tPromptLastMs = nowMs;
    const task = slot.task;
    if (task !== null && task.kind === 'embedding' && slot.promptPos >= task.promptTokens.length) {
      this.finish(slot, { stopType: 'none', nowMs, notify: true });
    }
  }

  /** One sampled token: stream it, then the stop checks in llama.cpp's order (context, budget, EOS). */
  private takeToken(slot: Slot, token: SampledToken, nowMs: number): void {
    const task = slot.task;
    if (task === null) return;
    slot.state = 'generating';
    slot.nDecoded += 1;
    slot.tGenLastMs = nowMs;
    slot.lastToken = token.token;
    if (!token.isEog) {
      if (token.piece.includes('\n')) slot.hasNewLine = true;
      task.listener.onToken(token, slot.nDecoded);
    }
    let stop: StopType | null = null;
    if (slot.cache.length + 1 >= slot.nCtx) {
      // With --context-shift llama.cpp discards half of the context and goes on; without, it stops.
      if (this.config.contextShift) slot.cache.splice(0, Math.floor(slot.cache.length / 2));
      else {
        slot.truncated = true;
        stop = 'limit';
      }
    }
    const budget = effectiveNPredict(task.params.nPredict, this.config.serverNPredict);
    if (stop === null && budget >= 0 && slot.nDecoded >= Math.max(budget, 1)) stop = 'limit';
    if (token.isEog) stop = 'eos';
    if (stop !== null) this.finish(slot, { stopType: stop, nowMs, notify: true });
  }

  /** Ends a slot's task: metrics first (a client reading /metrics after its last chunk sees them), then the listener. */
  private finish(slot: Slot, { stopType, nowMs, notify }: Ending): void {
    const task = slot.task;
    if (task === null) return;
    slot.stopType = stopType;
    const predictedMs = slot.predictedMs();
    if (task.kind === 'completion') this.metrics.addPrediction(slot.nDecoded, Math.round(predictedMs * 1000));
    const result: TaskResult = {
      slotId: slot.id,
      nPromptTokens: task.promptTokens.length,
      cacheN: slot.nPromptCached,
      promptN: slot.nPromptProcessed,
      promptMs: slot.promptMs(),
      predictedN: slot.nDecoded,
      predictedMs,
      stopType,
      truncated: slot.truncated,
      hasNewLine: slot.hasNewLine,
      tokensCached: slot.cache.length,
      ...(task.kind === 'embedding' ? { embedding: this.engine.embed(task.promptTokens) } : {}),
    };
    slot.release(nowMs);
    if (notify && !task.cancelled) task.listener.onDone(result);
  }
}

/** How a task ends: why, when, and whether its listener hears of it (not for cancelled or failed tasks). */
interface Ending {
  readonly stopType: StopType;
  readonly nowMs: number;
  readonly notify: boolean;
}

/** The request's n_predict capped by the server's -n; -1 means no limit. */
export function effectiveNPredict(request: number, server: number): number {
  if (request < 0) return server;
  if (server < 0) return request;
  return Math.min(request, server);
}
