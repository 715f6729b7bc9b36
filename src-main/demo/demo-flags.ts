import { llamaFlagCatalog } from '../../src-shared/llama/flag-catalog';
import type { FlagValue, LlamaFlag } from '../../src-shared/llama/flag-types';
import type { DemoServerOptions } from './options';

const section = 'demo' as const;

/** The engine switch: the demo's own flag (llama-server has one engine). */
const engineFlag: LlamaFlag = {
  key: 'engine',
  names: ['--engine'],
  type: 'enum',
  valueHint: 'auto|llama|sim',
  choices: ['auto', 'llama', 'sim'],
  defaultValue: 'auto',
  defaultNote: 'auto: llama when the model loads and no sim-only flag is given, else sim (saying why)',
  section,
  summary: 'llama: llama.cpp in-process (node-llama-cpp) on the -m model; sim: the cost model.',
  tradeOff: 'llama is real inference and real CPU; sim is deterministic and serves loads far beyond a CPU model.',
};

/** The demo's own flag for comparing clients: llama-server has no way to keep a streamed connection. */
const keepAliveStreamsFlag: LlamaFlag = {
  key: 'keepAliveStreams',
  names: ['--keep-alive-streams'],
  type: 'toggle',
  defaultValue: false,
  defaultNote: "off: the connection closes when a stream ends, as llama-server v0.5.0's does",
  section,
  summary: 'Keep the connection open after a streamed answer (llama-server closes it, despite saying keep-alive).',
  tradeOff: 'Hides the stale-connection race a client must survive against a real llama-server; for comparisons only.',
};

/** Flags of the demo server only: they drive the simulation and have no llama-server equivalent. */
const simFlags: readonly LlamaFlag[] = [
  {
    key: 'simCores',
    names: ['--sim-cores'],
    type: 'int',
    valueHint: 'N',
    min: 1,
    max: 1024,
    defaultValue: null,
    defaultNote: "this machine's physical cores",
    section,
    summary: 'Physical cores of the simulated host: -t helps up to this count and hurts beyond it.',
    tradeOff: 'Simulate the host you will tune, not the one running the demo.',
  },
  {
    key: 'speed',
    names: ['--speed'],
    type: 'float',
    valueHint: 'X',
    min: 0.001,
    max: 10000,
    defaultValue: 1,
    section,
    summary: 'Multiplies the simulated speed (10 = ten times faster); the relative effects stay the same.',
    tradeOff: 'Faster runs finish sooner; at high speed the event loop, not the model, sets the limit.',
  },
  {
    key: 'simTokenMs',
    names: ['--sim-token-ms'],
    type: 'float',
    valueHint: 'MS',
    min: 0.1,
    max: 600000,
    defaultValue: null,
    defaultNote: 'off: the cost model decides',
    section,
    summary: 'Fixed timing: every running stream gets a token every MS milliseconds, whatever the load.',
    tradeOff: 'Known latencies for checking a load generator; no tuning effects at all.',
  },
  {
    key: 'loadingMs',
    names: ['--loading-ms'],
    type: 'int',
    valueHint: 'MS',
    min: 0,
    max: 3600000,
    defaultValue: 0,
    section,
    summary: 'Answer 503 "Loading model" on every endpoint for this long after start.',
    tradeOff: 'Exercises clients that must wait for a server to become ready.',
  },
  {
    key: 'simSeed',
    names: ['--sim-seed'],
    type: 'int',
    valueHint: 'N',
    min: 0,
    max: 4294967295,
    defaultValue: 42,
    section,
    summary: 'Seed for requests that ask for a random seed, so whole runs repeat.',
    tradeOff: 'None.',
  },
  {
    key: 'simEosChance',
    names: ['--sim-eos-chance'],
    type: 'float',
    valueHint: 'P',
    min: 0,
    max: 1,
    defaultValue: 0.12,
    section,
    summary: 'Chance an answer ends at each sentence end (requests with ignore_eos never end early).',
    tradeOff: 'Higher gives shorter, more varied answers.',
  },
];

/**
 * The catalog the demo parses with: llama-server's, with two local changes (more slots than
 * llama.cpp's 256, so a load generator can be checked with thousands of streams; /metrics on by
 * default with `--no-metrics` to turn it off), plus the sim flags.
 */
export const demoFlagCatalog: readonly LlamaFlag[] = [
  ...llamaFlagCatalog.map((flag): LlamaFlag => {
    if (flag.key === 'parallel') return { ...flag, max: 4096, defaultNote: '-1 = auto: 4 slots, unified KV (the demo allows up to 4096)' };
    if (flag.key === 'metrics') return { ...flag, negNames: ['--no-metrics'], defaultValue: true, defaultNote: 'on in the demo (off in llama-server)' };
    return flag;
  }),
  engineFlag,
  keepAliveStreamsFlag,
  ...simFlags,
];

/** Flags the demo honours; any other flag of the catalog is refused when given. */
const honoured = new Set([
  'parallel', 'contBatching', 'batchSize', 'ubatchSize', 'timeout', 'ssePingInterval',
  'ctxSize', 'kvUnified', 'kvUnifiedPerSlot', 'cachePrompt', 'contextShift', 'slotPromptSimilarity', 'defragThold',
  'threads', 'threadsBatch', 'flashAttn',
  'help', 'version', 'model', 'alias', 'host', 'port', 'metrics', 'slots', 'props', 'apiKey', 'apiKeyFile', 'predict', 'embeddings', 'ui',
  'engine', 'keepAliveStreams', ...simFlags.map((flag) => flag.key),
]);

/** Why neither engine can honour a flag: the sim models no such thing, and node-llama-cpp exposes no such setting. */
const refusalBySection: Record<string, string> = {
  'context-and-kv-cache':
    'neither engine can honour it: the sim keeps no KV tensors, and node-llama-cpp 3.22 exposes no stable setting for it (its KV cache types are marked experimental and unstable)',
  'cpu-placement': 'neither engine can honour it: the sim runs no compute threads, and node-llama-cpp exposes no CPU mask, priority or polling setting',
  'gpu-offload-and-memory':
    "neither engine can honour it: the sim models a CPU-only host, and the llama engine runs node-llama-cpp's CPU prebuilt (the GPU prebuilts are not installed)",
};

const refusalByKey: Record<string, string> = {
  threadsHttp: "the demo serves HTTP from Node's event loop; there is no HTTP thread pool to size",
  cacheReuse:
    "the demo's scheduler reuses a slot's common prompt prefix (--cache-prompt); it has no chunk reuse by shifting KV cells (llama-server's --cache-reuse)",
  cacheRam: 'the demo keeps no host-memory prompt cache beyond what each slot holds in its own KV cells',
};

/** Why the demo refuses a given flag, or null when it honours it. */
export function refusalReason(key: string, value: FlagValue): string | null {
  if (key === 'ui') return value === true ? 'the demo has no web UI (use --no-ui or leave it out)' : null;
  if (honoured.has(key)) return null;
  const flag = demoFlagCatalog.find((candidate) => candidate.key === key);
  return refusalByKey[key] ?? refusalBySection[flag?.section ?? ''] ?? 'the demo does not simulate this flag';
}

/** True for flags the demo honours (for help text and documentation). */
export function isHonoured(key: string): boolean {
  return honoured.has(key);
}

const num = (value: FlagValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);
const bool = (value: FlagValue | undefined): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const list = (value: FlagValue | undefined): readonly string[] | undefined => (Array.isArray(value) ? (value as readonly string[]) : undefined);

/** Maps parsed flag values to startDemoServer options (API keys from --api-key only; the file is read by the shell). */
export function demoOptionsFromFlags(values: Readonly<Record<string, FlagValue>>): DemoServerOptions {
  const hosts = list(values.host);
  const entries: Array<[keyof DemoServerOptions, unknown]> = [
    ['parallel', num(values.parallel)], ['ctxSize', num(values.ctxSize)], ['kvUnified', bool(values.kvUnified)],
    ['kvUnifiedPerSlot', num(values.kvUnifiedPerSlot)], ['threads', num(values.threads)], ['threadsBatch', num(values.threadsBatch)],
    ['batchSize', num(values.batchSize)], ['ubatchSize', num(values.ubatchSize)], ['contBatching', bool(values.contBatching)],
    ['contextShift', bool(values.contextShift)], ['cachePrompt', bool(values.cachePrompt)],
    ['slotPromptSimilarity', num(values.slotPromptSimilarity)], ['predict', num(values.predict)],
    ['host', hosts?.[0]], ['port', num(values.port)], ['model', typeof values.model === 'string' ? values.model : undefined],
    ['alias', list(values.alias)], ['apiKeys', list(values.apiKey)], ['metrics', bool(values.metrics)],
    ['slotsEndpoint', bool(values.slots)], ['propsEndpoint', bool(values.props)], ['embeddings', bool(values.embeddings)],
    ['timeoutSeconds', num(values.timeout)], ['ssePingIntervalSeconds', num(values.ssePingInterval)],
    ['simCores', num(values.simCores)], ['speed', num(values.speed)], ['simTokenMs', num(values.simTokenMs)],
    ['loadingMs', num(values.loadingMs)], ['seed', num(values.simSeed)], ['eosChance', num(values.simEosChance)],
    ['engine', typeof values.engine === 'string' ? values.engine : undefined], ['keepAliveStreams', bool(values.keepAliveStreams)],
    ['flashAttn', typeof values.flashAttn === 'string' ? values.flashAttn : undefined],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as DemoServerOptions;
}

/** Refusals for every given flag the demo cannot honour, plus the demo's limits on honoured ones. */
export function demoFlagProblems(values: Readonly<Record<string, FlagValue>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const reason = refusalReason(key, value);
    if (reason === null) continue;
    const flag = demoFlagCatalog.find((candidate) => candidate.key === key);
    problems.push(`${flag?.names.join(', ') ?? key}: refused by the demo server: ${reason}`);
  }
  const hosts = list(values.host) ?? [];
  if (hosts.length > 1) problems.push(`--host ${hosts.join(',')}: the demo listens on one address`);
  return problems;
}
