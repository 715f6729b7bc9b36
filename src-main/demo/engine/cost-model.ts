/*
 * The sim engine's cost model: how long one llama_decode-like batch takes on a simulated CPU host.
 *
 * Why this shape. On a CPU, a transformer step has two kinds of work:
 *  - streaming the weights from memory, once per micro-batch (ubatch), whatever its size. This is
 *    what makes single-stream decode memory-bound and why batching streams together pays: eight
 *    slots decoding together read the weights once, not eight times.
 *  - arithmetic per token (matrix products), plus attention over the tokens already in the
 *    slot's context, which grows with context length.
 * So a batch costs, per call:   overhead + sync × threads
 *                  per ubatch:  weights / memorySpeedup(threads)
 *                               + (tokens × perToken × cacheFactor(ubatch) + attention) / computeSpeedup(threads)
 *
 * What that gives a tuner, as on a real llama-server:
 *  - -np: per-step time grows with the slots decoding together, but slower than linearly, so
 *    total tok/s rises with -np while each stream's tok/s falls.
 *  - -t/-tb: speed-up follows Amdahl's law up to the physical cores; beyond them threads spin on
 *    barriers and steal each other's cores (oversubscription), so there is an optimum at or below
 *    the core count. Decode is memory-bound and saturates the memory bus with fewer threads than
 *    prefill, which is compute-bound (so the best -t can be below the best -tb).
 *  - -ub: a bigger micro-batch amortizes the weight read over more prompt tokens, until its
 *    activations stop fitting in cache (cacheFactor grows past a sweet spot): an optimum.
 *  - -b: caps tokens per call. A long prompt in one big call stalls every decoding stream for the
 *    whole call (ITL spikes); a small -b interleaves prefill with decode at the cost of more calls.
 * The constants describe a ~1B-parameter 4-bit model: about 40 tok/s for one stream on 2 cores.
 */

/** Constants of the simulated model and host, in milliseconds of single-thread work. */
export interface CostConstants {
  /** Fixed cost of one llama_decode call (graph build, sampling, sync). */
  readonly callOverheadMs: number;
  /** Barrier cost per thread per call: why many threads hurt small batches. */
  readonly threadSyncMs: number;
  /** Reading all weights once, on one thread. */
  readonly weightsMs: number;
  /** Arithmetic per token, on one thread, at the ubatch sweet spot. */
  readonly tokenComputeMs: number;
  /** Attention per token per 1,000 tokens of context, on one thread. */
  readonly attentionMsPer1kCtx: number;
  /** Micro-batch size past which activations spill out of cache. */
  readonly ubatchSweetSpot: number;
  /** Extra per-token cost for each doubling of the ubatch past the sweet spot. */
  readonly ubatchSpillPerDoubling: number;
  /** Amdahl parallel fraction of the arithmetic. */
  readonly computeParallelFraction: number;
  /** Amdahl parallel fraction of the weight streaming. */
  readonly memoryParallelFraction: number;
  /** How fast throughput collapses per extra thread beyond the cores, relative to the core count. */
  readonly oversubscriptionPenalty: number;
}

export const defaultCostConstants: CostConstants = {
  callOverheadMs: 0.5,
  threadSyncMs: 0.05,
  weightsMs: 40,
  tokenComputeMs: 4,
  attentionMsPer1kCtx: 0.25,
  ubatchSweetSpot: 256,
  ubatchSpillPerDoubling: 0.08,
  computeParallelFraction: 0.95,
  memoryParallelFraction: 0.85,
  oversubscriptionPenalty: 1.5,
};

/** The settings of a run that the cost depends on. */
export interface CostSettings {
  readonly physicalCores: number;
  /** Threads for one-token calls (-t). */
  readonly threads: number;
  /** Threads for calls of more than one token (-tb), as llama.cpp chooses between them. */
  readonly threadsBatch: number;
  readonly batchSize: number;
  readonly ubatchSize: number;
  /** Divides every modeled time: 10 runs the same model ten times faster. */
  readonly speed: number;
}

/** A run of consecutive tokens of one slot in a batch: `count` tokens starting at KV position `startPos`. */
export interface TokenSegment {
  readonly count: number;
  readonly startPos: number;
}

export interface BatchCost {
  readonly durationMs: number;
  /** llama_decode calls the batch took (the server splits a batch into calls of at most -b tokens). */
  readonly decodeCalls: number;
}

/** Cores actually doing work: all threads up to the cores, then fewer as oversubscription bites. */
export function effectiveCores(threads: number, physicalCores: number, constants = defaultCostConstants): number {
  const cores = Math.max(1, physicalCores);
  const used = Math.max(1, threads);
  if (used <= cores) return used;
  return cores / (1 + (constants.oversubscriptionPenalty * (used - cores)) / cores);
}

function amdahl(parallelFraction: number, workers: number): number {
  return 1 / (1 - parallelFraction + parallelFraction / workers);
}

/** Speed-up of the arithmetic with this many threads. */
export function computeSpeedup(threads: number, physicalCores: number, constants = defaultCostConstants): number {
  return amdahl(constants.computeParallelFraction, effectiveCores(threads, physicalCores, constants));
}

/** Speed-up of weight streaming: the memory bus saturates at about half the cores plus one. */
export function memorySpeedup(threads: number, physicalCores: number, constants = defaultCostConstants): number {
  const busCores = Math.max(1, physicalCores / 2 + 1);
  const workers = Math.min(effectiveCores(threads, physicalCores, constants), busCores);
  return amdahl(constants.memoryParallelFraction, workers);
}

/** Per-token cost factor of a micro-batch of `tokens`: 1 up to the sweet spot, growing per doubling past it. */
export function ubatchCacheFactor(tokens: number, constants = defaultCostConstants): number {
  const doublings = Math.max(0, Math.log2(tokens / constants.ubatchSweetSpot));
  return 1 + constants.ubatchSpillPerDoubling * doublings;
}

/** One micro-batch: its token count, the sum of their context positions, and the threads computing it. */
export interface Microbatch {
  readonly tokens: number;
  readonly positionSum: number;
  readonly threads: number;
}

/** Milliseconds for one micro-batch on the simulated host. */
export function ubatchMs(micro: Microbatch, physicalCores: number, constants = defaultCostConstants): number {
  const weights = constants.weightsMs / memorySpeedup(micro.threads, physicalCores, constants);
  const arithmetic = micro.tokens * constants.tokenComputeMs * ubatchCacheFactor(micro.tokens, constants);
  const attention = (micro.positionSum / 1000) * constants.attentionMsPer1kCtx;
  return weights + (arithmetic + attention) / computeSpeedup(micro.threads, physicalCores, constants);
}

/**
 * Milliseconds for a whole batch: split into calls of at most -b tokens (one-token calls use -t,
 * bigger ones -tb, as llama.cpp does), each call into micro-batches of at most -ub tokens.
 */
export function batchCost(segments: readonly TokenSegment[], settings: CostSettings, constants = defaultCostConstants): BatchCost {
  const ubatch = Math.max(1, Math.min(settings.ubatchSize, settings.batchSize));
  const calls = splitSegments(segments, Math.max(1, settings.batchSize));
  let totalMs = 0;
  for (const call of calls) {
    const tokens = countTokens(call);
    const threads = tokens === 1 ? settings.threads : settings.threadsBatch;
    totalMs += constants.callOverheadMs + constants.threadSyncMs * threads;
    for (const micro of splitSegments(call, ubatch)) {
      totalMs += ubatchMs({ tokens: countTokens(micro), positionSum: positionSum(micro), threads }, settings.physicalCores, constants);
    }
  }
  return { durationMs: totalMs / Math.max(settings.speed, 1e-9), decodeCalls: calls.length };
}

function countTokens(segments: readonly TokenSegment[]): number {
  return segments.reduce((sum, segment) => sum + segment.count, 0);
}

/** Sum of the KV positions of every token: what attention cost is proportional to. */
function positionSum(segments: readonly TokenSegment[]): number {
  return segments.reduce((sum, s) => sum + s.count * s.startPos + (s.count * (s.count - 1)) / 2, 0);
}

/** Cuts a token stream into consecutive groups of at most `size` tokens, splitting segments where needed. */
export function splitSegments(segments: readonly TokenSegment[], size: number): TokenSegment[][] {
  const groups: TokenSegment[][] = [];
  let current: TokenSegment[] = [];
  let room = size;
  for (const segment of segments) {
    let { count, startPos } = segment;
    while (count > 0) {
      const take = Math.min(count, room);
      current.push({ count: take, startPos });
      count -= take;
      startPos += take;
      room -= take;
      if (room === 0) {
        groups.push(current);
        current = [];
        room = size;
      }
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
