import { batchCost, type CostSettings, type TokenSegment } from '../../src-main/demo/engine/cost-model';
import { createRandom } from '../../src-main/demo/engine/word-generator';
import { buildBatch } from '../../src-main/demo/scheduler/batch-builder';
import { Slot } from '../../src-main/demo/scheduler/slot';
import type { Task } from '../../src-main/demo/scheduler/task';
import type { RequestRecord } from '../../src-shared/schemas/request-record';

/*
 * A probe of the demo's sim engine in virtual time, for the capacity search's acceptance test:
 * N closed-loop users against the demo's slots, its batch builder (llama.cpp's update_slots:
 * one decode token per generating slot, then prompt chunks up to -b) and its cost model for each
 * batch's duration. No timers: the clock jumps from batch to batch, so a probe of thousands of
 * requests takes milliseconds, and the same (seed, users) always gives the same records.
 */

export interface VirtualServer {
  /** -np. */
  slots: number;
  /** -b. */
  batchSize: number;
  cost: CostSettings;
}

export interface VirtualWorkload {
  promptTokens: { min: number; max: number };
  outputTokens: { min: number; max: number };
}

export interface VirtualProbe {
  seed: number;
  users: number;
  /** Measured requests to finish after the warm-up. */
  requests: number;
  server: VirtualServer;
  workload: VirtualWorkload;
}

interface Request {
  vu: number;
  seq: number;
  scheduledMs: number;
  headersMs: number;
  firstTokenMs: number | null;
  outputTarget: number;
  promptLength: number;
}

interface Run {
  probe: VirtualProbe;
  nowMs: number;
  slots: Slot[];
  queue: Request[];
  bySlot: Map<number, Request>;
  randoms: Array<() => number>;
  records: RequestRecord[];
  warmups: number;
  nextSeq: number;
}

/** tuning-loop.md §A3's warm-up: requests scheduled in the first 30 s, and at least the first one of each user. */
const warmupMs = 30_000;

const noListener = { onStart: () => undefined, onToken: () => undefined, onDone: () => undefined, onError: () => undefined };

function between(random: () => number, range: { min: number; max: number }): number {
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}

/** Each user draws its own prompt and answer lengths, so user k asks the same things at any N. */
function newRequest(run: Run, vu: number): Request {
  const random = run.randoms[vu]!;
  const { workload } = run.probe;
  const request = { vu, seq: run.nextSeq, scheduledMs: run.nowMs, headersMs: 0, firstTokenMs: null, promptLength: between(random, workload.promptTokens), outputTarget: between(random, workload.outputTokens) };
  run.nextSeq += 1;
  return request;
}

/** Token ids of every prompt (their values do not matter to the cost model, only their count). */
const promptIds = Array.from({ length: 1 << 16 }, (_, i) => i + 1);

function admit(run: Run): void {
  if (run.queue.length === 0) return;
  for (const slot of run.slots) {
    if (slot.isProcessing) continue;
    if (run.queue.length === 0) return;
    const request = run.queue.shift()!;
    const task: Task = {
      id: request.seq,
      kind: 'completion',
      promptTokens: promptIds.slice(0, request.promptLength),
      params: { nPredict: request.outputTarget, ignoreEos: true, stream: true, cachePrompt: false, seed: 0, temperature: 0 },
      listener: noListener,
      cancelled: false,
    };
    slot.launch(task, 0, run.nowMs);
    request.headersMs = run.nowMs;
    run.bySlot.set(slot.id, request);
  }
}

function finish(run: Run, slot: Slot, request: Request): void {
  const ttftMs = request.firstTokenMs! - request.scheduledMs;
  const e2eMs = run.nowMs - request.scheduledMs;
  const isWarmup = request.scheduledMs < warmupMs || run.warmups < run.probe.users;
  if (isWarmup) run.warmups += 1;
  run.records.push({
    worker: 0,
    vu: request.vu,
    seq: request.seq,
    scheduledMs: request.scheduledMs,
    sentMs: request.scheduledMs,
    headersMs: request.headersMs,
    firstTokenMs: request.firstTokenMs,
    endMs: run.nowMs,
    ttftMs,
    e2eMs,
    tpotMs: request.outputTarget > 1 ? (e2eMs - ttftMs) / (request.outputTarget - 1) : null,
    phase: isWarmup ? 'warmup' : 'measured',
    contentChunks: request.outputTarget,
    promptTokens: request.promptLength,
    outputTokens: request.outputTarget,
    tokenSource: 'usage',
    status: 200,
    finishReason: 'length',
    errorClass: null,
    errorMessage: null,
  });
  slot.release(run.nowMs);
  run.bySlot.delete(slot.id);
  run.queue.push(newRequest(run, request.vu));
}

/** One batch: its modelled duration passes, then every slot in it advances as the demo's scheduler does. */
function step(run: Run): boolean {
  admit(run);
  const plan = buildBatch(run.slots, { nBatch: run.probe.server.batchSize, contBatching: true, unifiedPool: null });
  if (plan.items.length === 0) return false;
  const segments: TokenSegment[] = plan.items.map((item) => ({ count: item.tokens.length, startPos: item.nPast }));
  run.nowMs += batchCost(segments, run.probe.server.cost).durationMs;
  for (const item of plan.items) {
    const slot = run.slots[item.slotId]!;
    const request = run.bySlot.get(slot.id)!;
    slot.cache.length += item.tokens.length;
    if (item.isPrompt) slot.promptPos += item.tokens.length;
    if (!item.sample) continue;
    slot.state = 'generating';
    slot.nDecoded += 1;
    if (request.firstTokenMs === null) request.firstTokenMs = run.nowMs;
    if (slot.nDecoded >= request.outputTarget) finish(run, slot, request);
  }
  return true;
}

/** The records of one probe in order of finishing: the warm-up's, then `requests` measured ones. */
export function runVirtualProbe(probe: VirtualProbe): RequestRecord[] {
  const run: Run = {
    probe,
    nowMs: 0,
    slots: Array.from({ length: probe.server.slots }, (_, id) => new Slot(id, 1 << 20)),
    queue: [],
    bySlot: new Map(),
    randoms: Array.from({ length: probe.users }, (_, vu) => createRandom(Math.imul(probe.seed + 1, 0x9e3779b1) ^ Math.imul(vu + 1, 0x85ebca6b))),
    records: [],
    warmups: 0,
    nextSeq: 0,
  };
  for (let vu = 0; vu < probe.users; vu += 1) run.queue.push(newRequest(run, vu));
  while (run.records.length - run.warmups < probe.requests && step(run));
  return run.records;
}
