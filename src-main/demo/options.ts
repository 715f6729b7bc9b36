import { simModelInfo } from './engine/sim-engine';

/**
 * Options of the demo server. The llama-server ones mean what the flag of the same name means
 * (see src-shared/llama/flag-catalog.ts); `sim*`, `speed`, `loadingMs` and `eosChance` drive the
 * simulation. Every field is optional: `demoDefaults` and llama-server's rules fill the rest.
 */
export interface DemoServerOptions {
  /**
   * `llama`: llama.cpp in-process (node-llama-cpp) on the -m model; `sim`: the cost model. Absent or
   * `auto`: llama when the model loads and the options need nothing only the sim does, else sim (saying why).
   */
  readonly engine?: DemoEngineRequest;
  /** -np; -1 or absent = auto: 4 slots with a unified KV cache (llama-server's default). */
  readonly parallel?: number;
  /** -c total context; 0 or absent = the model's training context (16,384 for the sim model). */
  readonly ctxSize?: number;
  /** -kvu; absent = on only when `parallel` is auto. */
  readonly kvUnified?: boolean;
  /** --kv-unified-per-slot; 0 = unset. */
  readonly kvUnifiedPerSlot?: number;
  /**
   * -t; absent = the sim's physical cores (sim engine), or the usable physical cores but one (llama
   * engine, see engine/llama-threads.ts); ≤ 0 = every logical CPU.
   */
  readonly threads?: number;
  /** -tb; absent = same as `threads`. */
  readonly threadsBatch?: number;
  readonly batchSize?: number;
  readonly ubatchSize?: number;
  readonly contBatching?: boolean;
  /** -fa for the llama engine (node-llama-cpp's `flashAttention`); absent = auto, as llama-server. The sim refuses it. */
  readonly flashAttn?: 'on' | 'off' | 'auto';
  readonly contextShift?: boolean;
  readonly cachePrompt?: boolean;
  readonly slotPromptSimilarity?: number;
  /** -n server-wide cap on generated tokens; -1 = none. */
  readonly predict?: number;
  /** Only loopback addresses: the demo is not meant to be reachable from the network. */
  readonly host?: string;
  /** 0 = a free port chosen by the system. */
  readonly port?: number;
  /** -m: the GGUF the llama engine loads (default: the bundled stories260K.gguf); the sim only shows it. */
  readonly model?: string;
  readonly alias?: readonly string[];
  readonly apiKeys?: readonly string[];
  /** /metrics; on by default in the demo (llama-server needs --metrics) because the workbench reads it. */
  readonly metrics?: boolean;
  readonly slotsEndpoint?: boolean;
  readonly propsEndpoint?: boolean;
  readonly embeddings?: boolean;
  /**
   * Keep a connection open after a streamed answer. Off by default: llama-server v0.5.0 closes it
   * when the stream ends (while its headers say keep-alive), and clients must cope with that.
   */
  readonly keepAliveStreams?: boolean;
  readonly timeoutSeconds?: number;
  readonly ssePingIntervalSeconds?: number;
  /** Physical cores of the simulated host; absent = this machine's. */
  readonly simCores?: number;
  /** Logical CPUs per physical core of the simulated host; absent = this machine's ratio. */
  readonly simThreadsPerCore?: number;
  /** Divides every modeled time (10 = ten times faster). */
  readonly speed?: number;
  /** Fixed-timing mode: every stream gets a token every this many ms, whatever the load. */
  readonly simTokenMs?: number;
  /** How long /health answers 503 "Loading model" after start. */
  readonly loadingMs?: number;
  /** Seed for requests that ask for a random one. */
  readonly seed?: number;
  /** Chance an answer ends at each sentence end, unless the request sets ignore_eos. */
  readonly eosChance?: number;
}

export type DemoEngineRequest = 'auto' | 'llama' | 'sim';

export const demoDefaults = {
  parallel: -1,
  ctxSize: 0,
  kvUnifiedPerSlot: 0,
  batchSize: 2048,
  ubatchSize: 512,
  contBatching: true,
  contextShift: false,
  cachePrompt: true,
  slotPromptSimilarity: 0.1,
  predict: -1,
  host: '127.0.0.1',
  port: 0,
  metrics: true,
  slotsEndpoint: true,
  propsEndpoint: false,
  embeddings: false,
  keepAliveStreams: false,
  timeoutSeconds: 3600,
  ssePingIntervalSeconds: 30,
  speed: 1,
  loadingMs: 0,
  seed: 42,
  eosChance: 0.12,
} as const;

/** What the server actually runs with, after llama-server's rules; shown by the CLI and /props. */
export interface DemoSettings {
  readonly nSlots: number;
  readonly kvUnified: boolean;
  /** -c after rounding (a multiple of 256, and of the slot count without -kvu). */
  readonly nCtxTotal: number;
  readonly nCtxSlot: number;
  readonly threads: number;
  readonly threadsBatch: number;
  /** Why `threads` has its value, in words. */
  readonly threadsReason: string;
  readonly batchSize: number;
  readonly ubatchSize: number;
  readonly simCores: number;
  readonly simLogicalCpus: number;
  readonly speed: number;
  readonly simTokenMs: number | null;
}

export interface HostCores {
  readonly physical: number;
  readonly logical: number;
}

/** What a real engine decides instead of the sim's model: its training context and its thread choice. */
export interface EngineLimits {
  readonly nCtxTrain: number;
  readonly threads: number;
  readonly threadsReason: string;
}

const pad256 = (value: number): number => Math.ceil(value / 256) * 256;

/** Applies llama-server's rules for slots, context split and threads (see the protocol reference §1). */
export function resolveDemoSettings(options: DemoServerOptions, host: HostCores, engine?: EngineLimits): DemoSettings {
  const isAuto = options.parallel === undefined || options.parallel < 0;
  const nSlots = isAuto ? 4 : (options.parallel ?? 4);
  const kvUnified = options.kvUnified ?? isAuto;
  const perSlot = options.kvUnifiedPerSlot ?? 0;
  const requested = options.ctxSize ?? 0;
  const nCtxTrain = engine?.nCtxTrain ?? simModelInfo.nCtxTrain;
  const base = requested > 0 ? requested : perSlot > 0 ? nSlots * perSlot : nCtxTrain;
  let nCtxTotal = pad256(base);
  let nCtxSeq = nCtxTotal;
  if (!kvUnified) {
    nCtxSeq = pad256(Math.floor(nCtxTotal / nSlots));
    nCtxTotal = nCtxSeq * nSlots;
  }
  const caps = [nCtxSeq, nCtxTrain, ...(perSlot > 0 ? [perSlot] : [])];
  const simCores = options.simCores ?? host.physical;
  const simThreadsPerCore = options.simThreadsPerCore ?? Math.max(1, Math.round(host.logical / host.physical));
  const simLogicalCpus = simCores * simThreadsPerCore;
  const { threads, reason } =
    engine === undefined
      ? resolveThreads(options.threads, { cores: simCores, logical: simLogicalCpus, coresGiven: options.simCores !== undefined })
      : { threads: engine.threads, reason: engine.threadsReason };
  // A real engine runs one thread count for every batch (llama_set_n_threads(ctx, n, n)).
  const threadsBatch = engine !== undefined || options.threadsBatch === undefined ? threads : options.threadsBatch <= 0 ? simLogicalCpus : options.threadsBatch;
  return {
    nSlots,
    kvUnified,
    nCtxTotal,
    nCtxSlot: Math.min(...caps),
    threads,
    threadsBatch,
    threadsReason: reason,
    batchSize: options.batchSize ?? demoDefaults.batchSize,
    ubatchSize: options.ubatchSize ?? demoDefaults.ubatchSize,
    simCores,
    simLogicalCpus,
    speed: options.speed ?? demoDefaults.speed,
    simTokenMs: options.simTokenMs ?? null,
  };
}

interface SimHost {
  readonly cores: number;
  readonly logical: number;
  /** Whether --sim-cores set the cores (else they are this machine's). */
  readonly coresGiven: boolean;
}

function resolveThreads(threads: number | undefined, { cores, logical, coresGiven }: SimHost): { threads: number; reason: string } {
  const host = coresGiven ? `--sim-cores ${cores}` : `this machine's physical cores`;
  if (threads === undefined) {
    return { threads: cores, reason: `default: llama-server uses the physical cores (${cores}, ${host})` };
  }
  if (threads <= 0) {
    return { threads: logical, reason: `-t ${threads}: llama-server then uses every logical CPU (${logical})` };
  }
  const fit =
    threads > cores
      ? `more than the ${cores} simulated cores: oversubscribed, expect it slower`
      : threads < cores
        ? `fewer than the ${cores} simulated cores: some cores stay idle`
        : `as many as the simulated cores`;
  return { threads, reason: `-t ${threads} given, ${fit}` };
}

/** Every problem with the options at once (ranges the flag parser also checks, plus cross-field rules). */
export function validateDemoOptions(options: DemoServerOptions): string[] {
  const problems: string[] = [];
  const batch = options.batchSize ?? demoDefaults.batchSize;
  const ubatch = options.ubatchSize ?? demoDefaults.ubatchSize;
  if (ubatch > batch) {
    problems.push(`-ub ${ubatch} is larger than -b ${batch}: llama.cpp would silently use -ub ${batch}; the demo refuses so the value you tune is the one that runs`);
  }
  const checks: Array<[string, number | undefined, number, number]> = [
    ['-np', options.parallel, -1, 4096],
    ['-c', options.ctxSize, 0, 16_777_216],
    ['-b', options.batchSize, 1, 1_048_576],
    ['-ub', options.ubatchSize, 1, 1_048_576],
    ['--port', options.port, 0, 65535],
    ['--sim-cores', options.simCores, 1, 1024],
    ['--speed', options.speed, 0.001, 10_000],
    ['--sim-token-ms', options.simTokenMs, 0.1, 600_000],
    ['--loading-ms', options.loadingMs, 0, 3_600_000],
    ['--sim-eos-chance', options.eosChance, 0, 1],
  ];
  for (const [flag, value, min, max] of checks) {
    if (value !== undefined && !(value >= min && value <= max)) problems.push(`${flag} ${value} is out of range (${min} to ${max})`);
  }
  if (options.parallel === 0) problems.push('-np 0 is invalid: use -1 (auto) or a number of slots');
  if (options.flashAttn !== undefined && !['on', 'off', 'auto'].includes(options.flashAttn)) {
    problems.push(`-fa ${String(options.flashAttn)}: use on, off or auto`);
  }
  if (options.engine !== undefined && !['auto', 'llama', 'sim'].includes(options.engine)) {
    problems.push(`--engine ${String(options.engine)} is not an engine: use llama, sim or auto`);
  }
  const host = options.host ?? demoDefaults.host;
  if (!isLoopback(host)) problems.push(`--host ${host}: the demo listens on loopback only (127.0.0.1, ::1 or localhost)`);
  return problems;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
