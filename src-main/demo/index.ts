import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../src-shared/errors';
import type { Engine } from './engine/engine';
import { buildEngine, type EngineChoice } from './engine/engine-choice';
import type { ServerFacts } from './format/info-format';
import { physicalCoreCount, logicalCpuCount } from './host-cores';
import { keepAliveTimeoutMs } from './http/connection-policy';
import type { DemoContext, DemoSwitches } from './http/demo-context';
import { createRequestHandler } from './http/router';
import type { SseStream } from './http/sse-stream';
import { demoDefaults, validateDemoOptions, type DemoServerOptions, type DemoSettings } from './options';
import { Scheduler, type SchedulerConfig } from './scheduler/scheduler';
import type { ServerMetricsSnapshot } from './scheduler/server-metrics';

export { demoDefaults, resolveDemoSettings, validateDemoOptions, type DemoServerOptions, type DemoSettings } from './options';
export type { Engine, EngineInfo, DecodeBatch, DecodeOutcome, BatchItem, SampledToken, SamplingParams } from './engine/engine';
export { llamaOptionProblems, simOptionProblems, type EngineChoice } from './engine/engine-choice';

/** Seams for another engine (a test double, another backend) and for where the server speaks. */
export interface DemoServerDeps {
  /** Builds the engine from the resolved settings instead of the llama/sim choice. */
  readonly createEngine?: (settings: DemoSettings, options: DemoServerOptions) => Engine | Promise<Engine>;
  /** Where the server says why it fell back to the sim engine; defaults to stderr. */
  readonly warn?: (line: string) => void;
}

/** What an in-process host (the app, a test) can read without scraping /metrics. */
export interface DemoServerStats {
  readonly requestsProcessing: number;
  readonly requestsDeferred: number;
  /** Cumulative counters; reading them does not reset the /metrics rate window. */
  readonly metrics: ServerMetricsSnapshot;
  readonly slots: ReadonlyArray<{ readonly id: number; readonly isProcessing: boolean; readonly nDecoded: number; readonly nCtx: number; readonly nTokens: number }>;
}

export interface DemoServerHandle {
  /** Base URL such as http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly options: DemoServerOptions;
  readonly settings: DemoSettings;
  /** Which engine runs (llama or sim) and, when `auto` fell back to the sim, why. */
  readonly engine: EngineChoice;
  /** Resolves when the model has loaded and /health turns 200. */
  readonly ready: Promise<void>;
  stats(): DemoServerStats;
  /** Ends every stream and queued request, closes every connection and stops the loop. */
  close(): Promise<void>;
}

/**
 * Starts the built-in demo inference server: llama-server's HTTP surface over llama.cpp in-process
 * (node-llama-cpp, the bundled model by default) or over the simulated engine (see `engine`).
 * Listens on loopback only (`port` 0 = a free port). Throws AppError `invalid_input` listing every
 * problem when the options are inconsistent (for example -ub larger than -b, or a sim-only flag
 * with `engine: 'llama'`), and `unsupported` when `engine: 'llama'` cannot load.
 */
export async function startDemoServer(options: DemoServerOptions = {}, deps: DemoServerDeps = {}): Promise<DemoServerHandle> {
  const problems = validateDemoOptions(options);
  if (problems.length > 0) throw new AppError('invalid_input', problems.join('\n'), { details: problems });
  const warn = deps.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = { physical: physicalCoreCount(), logical: logicalCpuCount() };
  const { engine, settings, choice } = await buildEngine(options, { ...(deps.createEngine ? { createEngine: deps.createEngine } : {}), warn }, host);
  const scheduler = new Scheduler(engine, schedulerConfig(options, settings));
  const loadingUntil = performance.now() + (options.loadingMs ?? demoDefaults.loadingMs);
  const ctx: DemoContext = {
    engine,
    scheduler,
    settings,
    facts: serverFacts(options, settings, { engine, choice }),
    switches: switchesOf(options),
    isLoading: () => performance.now() < loadingUntil,
    streams: new Set<SseStream>(),
  };
  const server = createServer(createRequestHandler(ctx));
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.timeout = (options.timeoutSeconds ?? demoDefaults.timeoutSeconds) * 1000;
  let port: number;
  try {
    port = await listen(server, options.port ?? demoDefaults.port, options.host ?? demoDefaults.host);
  } catch (error) {
    // The engine may hold a model and a context: free them before reporting the port problem.
    await scheduler.close();
    await engine.close();
    throw error;
  }
  return createHandle({ server, ctx, options, port, loadingUntil, choice });
}

function schedulerConfig(options: DemoServerOptions, settings: DemoSettings): SchedulerConfig {
  return {
    nSlots: settings.nSlots,
    nCtxSlot: settings.nCtxSlot,
    unifiedPool: settings.kvUnified ? settings.nCtxTotal : null,
    // Fixed-timing mode turns the cost model off: a whole prompt joins the next step, whatever -b says.
    nBatch: settings.simTokenMs === null ? settings.batchSize : Number.MAX_SAFE_INTEGER,
    nUbatch: Math.min(settings.ubatchSize, settings.batchSize),
    contBatching: options.contBatching ?? demoDefaults.contBatching,
    contextShift: options.contextShift ?? demoDefaults.contextShift,
    slotPromptSimilarity: options.slotPromptSimilarity ?? demoDefaults.slotPromptSimilarity,
    serverNPredict: options.predict ?? demoDefaults.predict,
    seed: options.seed ?? demoDefaults.seed,
  };
}

function switchesOf(options: DemoServerOptions): DemoSwitches {
  return {
    cachePrompt: options.cachePrompt ?? demoDefaults.cachePrompt,
    apiKeys: options.apiKeys ?? [],
    metrics: options.metrics ?? demoDefaults.metrics,
    slotsEndpoint: options.slotsEndpoint ?? demoDefaults.slotsEndpoint,
    propsEndpoint: options.propsEndpoint ?? demoDefaults.propsEndpoint,
    embeddings: options.embeddings ?? demoDefaults.embeddings,
    keepAliveStreams: options.keepAliveStreams ?? demoDefaults.keepAliveStreams,
  };
}

function serverFacts(options: DemoServerOptions, settings: DemoSettings, { engine, choice }: { engine: Engine; choice: EngineChoice }): ServerFacts {
  const aliases = options.alias ?? [];
  const isSim = choice.running === 'sim';
  return {
    engine: engine.info,
    modelId: aliases[0] ?? engine.info.model.path,
    aliases,
    totalSlots: settings.nSlots,
    nCtxSlot: settings.nCtxSlot,
    endpointSlots: options.slotsEndpoint ?? demoDefaults.slotsEndpoint,
    endpointProps: options.propsEndpoint ?? demoDefaults.propsEndpoint,
    endpointMetrics: options.metrics ?? demoDefaults.metrics,
    serverNPredict: options.predict ?? demoDefaults.predict,
    startedUnix: Math.floor(Date.now() / 1000),
    demoSettings: {
      engine: choice.running,
      engine_requested: choice.requested,
      engine_fallback_reason: choice.fallbackReason,
      model: engine.info.model.path,
      slots: settings.nSlots,
      kv_unified: settings.kvUnified,
      n_ctx_total: settings.nCtxTotal,
      n_ctx_slot: settings.nCtxSlot,
      threads: settings.threads,
      threads_batch: settings.threadsBatch,
      threads_reason: settings.threadsReason,
      batch_size: settings.batchSize,
      ubatch_size: settings.ubatchSize,
      cont_batching: options.contBatching ?? demoDefaults.contBatching,
      cache_prompt: options.cachePrompt ?? demoDefaults.cachePrompt,
      n_predict: options.predict ?? demoDefaults.predict,
      ...(isSim ? {} : { flash_attn: options.flashAttn ?? 'auto' }),
      // The sim's knobs mean nothing to a real engine, so /props shows them only when they apply.
      ...(isSim ? { sim_cores: settings.simCores, speed: settings.speed, sim_token_ms: settings.simTokenMs } : {}),
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

interface HandleParts {
  readonly server: Server;
  readonly ctx: DemoContext;
  readonly options: DemoServerOptions;
  readonly port: number;
  readonly loadingUntil: number;
  readonly choice: EngineChoice;
}

function createHandle({ server, ctx, options, port, loadingUntil, choice }: HandleParts): DemoServerHandle {
  let loadTimer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => {
    loadTimer = setTimeout(resolve, Math.max(0, loadingUntil - performance.now()));
    loadTimer.unref();
  });
  const pingTimer = startPingTimer(ctx, options.ssePingIntervalSeconds ?? demoDefaults.ssePingIntervalSeconds);
  const host = options.host ?? demoDefaults.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    options,
    settings: ctx.settings,
    engine: choice,
    ready,
    stats: () => statsOf(ctx),
    close: async () => {
      clearTimeout(loadTimer);
      if (pingTimer !== undefined) clearInterval(pingTimer);
      // The scheduler stops first (it marks itself closed at once), then the engine releases a
      // batch still being paced, so closing never waits out a long modeled batch.
      const stopping = ctx.scheduler.close();
      await ctx.engine.close();
      await stopping;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** One timer for all streams: a stream silent for the interval (a long prefill) gets a `:` line. */
function startPingTimer(ctx: DemoContext, intervalSeconds: number): NodeJS.Timeout | undefined {
  if (intervalSeconds <= 0) return undefined;
  const intervalMs = intervalSeconds * 1000;
  const timer = setInterval(() => {
    const now = performance.now();
    for (const stream of ctx.streams) if (now - stream.lastWriteMs >= intervalMs) stream.ping();
  }, Math.min(intervalMs, 1000));
  timer.unref();
  return timer;
}

function statsOf(ctx: DemoContext): DemoServerStats {
  return {
    requestsProcessing: ctx.scheduler.processing,
    requestsDeferred: ctx.scheduler.deferred,
    metrics: ctx.scheduler.metrics.snapshot(),
    slots: ctx.scheduler.slots.map((slot) => ({
      id: slot.id,
      isProcessing: slot.isProcessing,
      nDecoded: slot.nDecoded,
      nCtx: slot.nCtx,
      nTokens: slot.cache.length,
    })),
  };
}
