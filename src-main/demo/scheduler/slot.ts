import type { StopType, Task, TaskParams } from './task';

export type SlotState = 'idle' | 'prompt' | 'generating';

/**
 * One server slot: a sequence in the KV cache. After a task ends the slot keeps its tokens (the
 * prompt cache) and the last task's numbers, which /slots goes on showing, as llama.cpp does.
 */
export class Slot {
  state: SlotState = 'idle';
  task: Task | null = null;
  /** Id and params of the current or last task; null until the slot first runs (short /slots form). */
  lastTaskId: number | null = null;
  lastParams: TaskParams | null = null;
  /** Tokens in this slot's KV cache: prompt tokens processed so far, then generated ones. */
  cache: number[] = [];
  /** Next prompt token to feed (prompt tokens before it are cached or processed). */
  promptPos = 0;
  nPromptProcessed = 0;
  nPromptCached = 0;
  nDecoded = 0;
  /** Token sampled at the last step, fed at the next one. */
  lastToken = 0;
  hasNewLine = false;
  truncated = false;
  stopType: StopType = 'none';
  /** Monotonic milliseconds (performance.now) of llama.cpp's slot timing points. */
  tStartMs = 0;
  tPromptLastMs = 0;
  tGenLastMs = 0;
  /** When the slot last finished a task; -1 = never (chosen first, as llama.cpp's LRU does). */
  lastUsedMs = -1;

  constructor(
    readonly id: number,
    readonly nCtx: number,
  ) {}

  get isProcessing(): boolean {
    return this.state !== 'idle';
  }

  /** Tokens the current task may still generate (`n_remain` of /slots); -1 = unbounded. */
  remaining(nPredict: number): number {
    return nPredict < 0 ? -1 : Math.max(0, nPredict - this.nDecoded);
  }

  /** Takes a task, keeping `cacheN` tokens of the previous cache as its reused prefix. */
  launch(task: Task, cacheN: number, nowMs: number): void {
    this.state = 'prompt';
    this.task = task;
    this.lastTaskId = task.id;
    this.lastParams = task.params;
    this.cache.length = cacheN;
    this.promptPos = cacheN;
    this.nPromptProcessed = 0;
    this.nPromptCached = cacheN;
    this.nDecoded = 0;
    this.hasNewLine = false;
    this.truncated = false;
    this.stopType = 'none';
    this.tStartMs = nowMs;
    this.tPromptLastMs = 0;
    this.tGenLastMs = 0;
  }

  /** Frees the slot; the cache stays for the next task unless prompt caching is off. */
  release(nowMs: number): void {
    if (this.task !== null && !this.task.params.cachePrompt) this.cache = [];
    this.state = 'idle';
    this.task = null;
    this.lastUsedMs = nowMs;
  }

  /** llama.cpp's prompt time: from taking the task to the end of its last prompt batch. */
  promptMs(): number {
    return this.tPromptLastMs === 0 ? 0 : roundToMicros(this.tPromptLastMs - this.tStartMs);
  }

  /** Generation time from the end of the prompt to the last token, clamped to 1 µs once a token exists. */
  predictedMs(): number {
    if (this.tGenLastMs === 0) return 0;
    return Math.max(0.001, roundToMicros(this.tGenLastMs - this.tPromptLastMs));
  }
}

/** llama.cpp measures in whole microseconds; keeping that grain keeps reported numbers alike. */
export function roundToMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
