import { AppError } from '../../../src-shared/errors';
import { demoDefaults, resolveDemoSettings, type DemoEngineRequest, type DemoServerOptions, type DemoSettings, type HostCores } from '../options';
import type { Engine } from './engine';
import { bundledModelFile, bundledModelPath, createLlamaEngine, loadLlamaModel } from './llama-loader';
import { chooseLlamaThreads, readUsableCpus } from './llama-threads';
import { SimEngine } from './sim-engine';

/** Which engine runs, and why when it is not the one asked for. Shown by the CLI and in /props. */
export interface EngineChoice {
  /** What the options asked for (`auto` when they did not say). */
  readonly requested: DemoEngineRequest;
  /** The running engine's kind (`llama`, `sim`, or a plugged-in engine's own). */
  readonly running: string;
  /** Why `auto` runs the sim instead of llama; null when it runs what was asked. */
  readonly fallbackReason: string | null;
}

export interface BuiltEngine {
  readonly engine: Engine;
  readonly settings: DemoSettings;
  readonly choice: EngineChoice;
}

export interface EngineDeps {
  /** A plugged-in engine (a test double, another backend): used as given, no choice made. */
  readonly createEngine?: (settings: DemoSettings, options: DemoServerOptions) => Engine | Promise<Engine>;
  /** Where a fallback is announced (stderr by default). */
  readonly warn: (line: string) => void;
}

/** llama.cpp's own limit on sequences in one context (LLAMA_MAX_SEQ in v0.5.0). */
const maxLlamaSequences = 256;

/** Options that only shape the simulation: with them `auto` picks the sim, and `llama` refuses them. */
const simOnlyOptions: ReadonlyArray<[keyof DemoServerOptions, string]> = [
  ['simCores', '--sim-cores'],
  ['simThreadsPerCore', 'simThreadsPerCore'],
  ['speed', '--speed'],
  ['simTokenMs', '--sim-token-ms'],
  ['eosChance', '--sim-eos-chance'],
];

/** Every reason the llama engine cannot run these options as asked; empty when it can. */
export function llamaOptionProblems(options: DemoServerOptions): string[] {
  const problems = simOnlyOptions
    .filter(([key]) => options[key] !== undefined)
    .map(([, flag]) => `${flag} shapes the sim engine only (the llama engine's speed is the machine's)`);
  if (options.embeddings === true) {
    problems.push('--embeddings: the llama engine serves no embeddings (the server asks an engine for them synchronously; node-llama-cpp computes them in a separate embedding context)');
  }
  if (options.threadsBatch !== undefined && options.threadsBatch !== options.threads) {
    problems.push(`-tb ${options.threadsBatch}: node-llama-cpp runs one thread count for generation and batches (llama_set_n_threads(ctx, n, n)); give -tb equal to -t or leave it out`);
  }
  const slots = options.parallel === undefined || options.parallel < 0 ? 4 : options.parallel;
  if (slots > maxLlamaSequences) problems.push(`-np ${slots}: llama.cpp holds at most ${maxLlamaSequences} sequences in one context`);
  const ubatch = options.ubatchSize ?? demoDefaults.ubatchSize;
  if (ubatch < slots) problems.push(`-ub ${ubatch} is below -np ${slots}: node-llama-cpp needs a micro-batch that holds one token of every slot`);
  return problems;
}

/** Every reason the sim engine cannot run these options as asked (flags only a real engine honours). */
export function simOptionProblems(options: DemoServerOptions): string[] {
  return options.flashAttn === undefined ? [] : [`-fa ${options.flashAttn}: the sim engine does not model flash attention (the llama engine honours it)`];
}

/**
 * Builds the engine the options ask for. `sim` and a plugged-in engine are built as they are;
 * `llama` loads the model or throws (invalid_input for options it cannot honour, unsupported when
 * llama.cpp cannot start); `auto` (the default) tries llama and falls back to the sim, announcing why.
 */
export async function buildEngine(options: DemoServerOptions, deps: EngineDeps, host: HostCores): Promise<BuiltEngine> {
  const requested = options.engine ?? 'auto';
  if (deps.createEngine !== undefined) {
    const settings = resolveDemoSettings(options, host);
    const engine = await deps.createEngine(settings, options);
    return { engine, settings, choice: { requested, running: engine.info.kind, fallbackReason: null } };
  }
  if (requested === 'sim') return buildSim(options, host, { requested, fallbackReason: null });
  const problems = llamaOptionProblems(options);
  if (problems.length > 0) {
    if (requested === 'llama') throw new AppError('invalid_input', problems.join('\n'), { details: problems });
    return buildSim(options, host, { requested, fallbackReason: `the options ask for what only the sim engine does: ${problems.join('; ')}` });
  }
  const attempt = await buildLlama(options, host, deps.warn);
  if ('engine' in attempt) return attempt;
  if (requested === 'llama') {
    throw new AppError('unsupported', `--engine llama cannot start: ${attempt.reason}`, { hint: 'Use --engine sim, or see the README section "The demo server\'s engine".' });
  }
  deps.warn(`demo-server: the llama engine cannot start (${attempt.reason}); running the sim engine instead`);
  return buildSim(options, host, { requested, fallbackReason: attempt.reason });
}

async function buildLlama(options: DemoServerOptions, host: HostCores, warn: (line: string) => void): Promise<BuiltEngine | { reason: string }> {
  const path = options.model ?? bundledModelPath();
  if (path === null) return { reason: `the bundled model ${bundledModelFile} is missing` };
  const load = await loadLlamaModel(path);
  if (!load.ok) return { reason: load.reason };
  const usable = readUsableCpus();
  const threads = chooseLlamaThreads(options.threads, { physicalCores: host.physical, usableCpus: usable.count, usableSource: usable.source });
  const settings = resolveDemoSettings(options, host, { nCtxTrain: load.model.trainContextSize, threads: threads.threads, threadsReason: threads.reason });
  try {
    const engine = await createLlamaEngine(load, {
      nSlots: settings.nSlots,
      nCtxSlot: settings.nCtxSlot,
      ubatchSize: Math.min(settings.ubatchSize, settings.batchSize),
      threads: settings.threads,
      flashAttention: options.flashAttn ?? 'auto',
      warn,
    });
    return { engine, settings, choice: { requested: options.engine ?? 'auto', running: 'llama', fallbackReason: null } };
  } catch (error) {
    await load.model.dispose();
    return { reason: `llama.cpp could not create a context of ${settings.nSlots} × ${settings.nCtxSlot} tokens: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function buildSim(options: DemoServerOptions, host: HostCores, why: Omit<EngineChoice, 'running'>): BuiltEngine {
  const problems = simOptionProblems(options);
  if (problems.length > 0) {
    const context = why.fallbackReason === null ? problems : [...problems, `(the sim runs because ${why.fallbackReason})`];
    throw new AppError('invalid_input', context.join('\n'), { details: problems });
  }
  const settings = resolveDemoSettings(options, host);
  return { engine: createSimEngine(settings, options), settings, choice: { ...why, running: 'sim' } };
}

export function createSimEngine(settings: DemoSettings, options: DemoServerOptions): Engine {
  return new SimEngine({
    cost: {
      physicalCores: settings.simCores,
      threads: settings.threads,
      threadsBatch: settings.threadsBatch,
      batchSize: settings.batchSize,
      ubatchSize: settings.ubatchSize,
      speed: settings.speed,
    },
    ...(settings.simTokenMs === null ? {} : { fixedTokenMs: settings.simTokenMs }),
    eosChance: options.eosChance ?? demoDefaults.eosChance,
    ...(options.model === undefined ? {} : { modelPath: options.model }),
  });
}
