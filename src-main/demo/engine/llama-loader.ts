import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Llama, LlamaModel, TokenBias } from 'node-llama-cpp';
import { LlamaEngine } from './llama-engine';
import { llamaModelInfo } from './llama-model-info';

/** The model shipped with the app (provenance and licence in resources/models/README.md). */
export const bundledModelFile = 'resources/models/stories260K.gguf';

/**
 * Where the bundled model is: walking up from this module (src-main/demo/engine when run from
 * source, out/main when bundled by electron-vite), then from the working directory. Null when
 * it is nowhere to be found (a packaged app without its resources, a trimmed checkout).
 */
export function bundledModelPath(): string | null {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (let depth = 0; depth < 8; depth += 1) {
      const candidate = join(dir, bundledModelFile);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

export type LlamaModelLoad =
  | { readonly ok: true; readonly llama: Llama; readonly model: LlamaModel; readonly path: string }
  | { readonly ok: false; readonly reason: string };

let sharedLlama: Promise<Llama> | undefined;

/**
 * node-llama-cpp's CPU binding, loaded once per process (about a second; models and contexts are
 * cheap after that). Never downloads or builds: `build: 'never'` takes the installed prebuilt or
 * throws. `maxThreads: 0` lifts its own thread cap, so each context runs exactly the -t it is given
 * (its default cap picked 4 threads on 2 vCPUs, see TOOLCHAIN.md).
 */
async function loadLlama(): Promise<Llama> {
  sharedLlama ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    return getLlama({
      gpu: false,
      build: 'never',
      maxThreads: 0,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      logger: (_level, message) => process.stderr.write(`[llama.cpp] ${message.trimEnd()}\n`),
    });
  })();
  return sharedLlama;
}

/** Loads the binding and the model, or says in words why it cannot. */
export async function loadLlamaModel(path: string): Promise<LlamaModelLoad> {
  if (!existsSync(path) || !statSync(path).isFile()) return { ok: false, reason: `model file not found: ${path}` };
  let llama: Llama;
  try {
    llama = await loadLlama();
  } catch (error) {
    return { ok: false, reason: bindingFailure(error) };
  }
  try {
    return { ok: true, llama, model: await llama.loadModel({ modelPath: path }), path };
  } catch (error) {
    return { ok: false, reason: `llama.cpp could not load ${path}: ${messageOf(error)}` };
  }
}

function bindingFailure(error: unknown): string {
  const target = `${process.platform}-${process.arch}`;
  if (error instanceof Error && error.name === 'NoBinaryFoundError') {
    return `no llama.cpp prebuilt for ${target} is installed (node-llama-cpp looks for @node-llama-cpp/${target}); the demo never builds llama.cpp from source`;
  }
  return `node-llama-cpp could not start on ${target}: ${messageOf(error)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How the context is laid out, from the demo's resolved settings. */
export interface LlamaContextPlan {
  /** -np: one sequence per slot. */
  readonly nSlots: number;
  /** Cells each sequence owns (the -c split, or the whole pool under -kvu). */
  readonly nCtxSlot: number;
  /** -ub: node-llama-cpp evaluates at most this many tokens per llama_decode. */
  readonly ubatchSize: number;
  readonly threads: number;
  /** -fa: on CPU with a tiny model it costs more than it saves; llama-server's default is auto. */
  readonly flashAttention: 'on' | 'off' | 'auto';
  readonly warn: (line: string) => void;
}

/** Creates the shared context and the engine over it; throws what llama.cpp says when it cannot. */
export async function createLlamaEngine(load: Extract<LlamaModelLoad, { ok: true }>, plan: LlamaContextPlan): Promise<LlamaEngine> {
  let dispatches = 0;
  const context = await load.model.createContext({
    sequences: plan.nSlots,
    contextSize: plan.nCtxSlot,
    batchSize: plan.ubatchSize,
    threads: plan.threads,
    flashAttention: plan.flashAttention === 'auto' ? 'auto' : plan.flashAttention === 'on',
    failedCreationRemedy: false,
    batching: {
      // node-llama-cpp's own "nextCycle" schedule, counted: one dispatch is one batch of all slots.
      dispatchSchedule: (dispatch) => {
        dispatches += 1;
        setImmediate(dispatch);
      },
      itemPrioritizationStrategy: 'maximumParallelism',
    },
  });
  const { getModuleVersion, TokenBias } = await import('node-llama-cpp');
  const version = await getModuleVersion();
  return new LlamaEngine({
    model: load.model,
    context,
    info: {
      kind: 'llama',
      buildInfo: `node-llama-cpp-${version}-llama.cpp-${load.llama.llamaCppRelease.release}`,
      model: llamaModelInfo(load.model, load.path),
    },
    dispatches: () => dispatches,
    noEogBias: forbidEndOfGeneration(load.model, new TokenBias(load.model.tokenizer)),
    warn: plan.warn,
  });
}

/**
 * A bias that forbids every end-of-generation token, as llama-server does for `ignore_eos`.
 * node-llama-cpp's public `TokenBias.set` skips EOG tokens on purpose (it stops generation itself),
 * so their logits are set in the bias's map directly; the map is what it hands llama.cpp's sampler.
 */
export function forbidEndOfGeneration(model: LlamaModel, bias: TokenBias): TokenBias {
  const biases = (bias as unknown as { _biases?: unknown })._biases;
  if (!(biases instanceof Map)) throw new Error('this node-llama-cpp version keeps token biases differently: ignore_eos cannot be honoured');
  for (const token of model.iterateAllTokens()) if (model.isEogToken(token)) biases.set(token, Number.NEGATIVE_INFINITY);
  return bias;
}
