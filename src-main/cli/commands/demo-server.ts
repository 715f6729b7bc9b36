import { readFile } from 'node:fs/promises';
import { flagsInSection, formatFlagUsage } from '../../../src-shared/llama/flag-catalog';
import type { FlagSection } from '../../../src-shared/llama/flag-types';
import { parseLlamaArgs } from '../../../src-shared/llama/parse-llama-args';
import { demoFlagCatalog, demoFlagProblems, demoOptionsFromFlags, isHonoured } from '../../demo/demo-flags';
import { llamaOptionProblems, simOptionProblems, startDemoServer, validateDemoOptions, type DemoServerHandle, type DemoServerOptions } from '../../demo/index';

export const demoServerUsage =
  'llmwb demo-server [--engine auto|llama|sim] [-m MODEL.gguf] [llama-server flags: -np N -c N -t N -b N -ub N …] [sim: --sim-cores N --speed X --sim-token-ms MS]';

export interface DemoServerIo {
  out(line: string): void;
  err(line: string): void;
}

export interface DemoServerCommandOptions {
  /** Stops the server like SIGINT does (tests, embedding shells). */
  readonly signal?: AbortSignal;
  /** Environment to read LLAMA_ARG_* from; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The CLI's default port is llama-server's, so existing client settings work unchanged. */
const defaultCliPort = 8080;

/**
 * `llmwb demo-server …`: the built-in demo inference server in the foreground, taking
 * llama-server's flags. Prints the URL, the engine (and why, when `auto` fell back to the sim) and
 * the effective settings, runs until SIGINT/SIGTERM (or `signal`). Exit codes: 0 after a clean stop
 * or --help, 1 when the server cannot start (port in use, `--engine llama` cannot load), 2 with
 * every problem listed when the flags are wrong or ask for what the chosen engine cannot do.
 */
export async function demoServerCommand(argv: string[], io: DemoServerIo, command: DemoServerCommandOptions = {}): Promise<number> {
  const parsed = parseLlamaArgs(argv, { env: command.env ?? process.env, catalog: demoFlagCatalog });
  if (!parsed.ok) {
    const options = demoOptionsFromFlags(parsed.values);
    const messages = parsed.problems.map((problem) => problem.message);
    return reportProblems(io, [...messages, ...demoFlagProblems(parsed.values), ...validateDemoOptions(options)]);
  }
  if (parsed.values.help === true) {
    printHelp(io);
    return 0;
  }
  if (parsed.values.version === true) {
    io.err('version: demo (LLM Workbench demo llama-server: engines llama (node-llama-cpp, llama.cpp in-process) and sim; API of llama.cpp v0.5.0)');
    return 0;
  }
  const options: DemoServerOptions = { port: defaultCliPort, ...demoOptionsFromFlags(parsed.values) };
  const problems = [...demoFlagProblems(parsed.values), ...validateDemoOptions(options), ...engineProblems(options)];
  const apiKeys = await readApiKeyFile(parsed.values.apiKeyFile, problems);
  if (problems.length > 0) return reportProblems(io, problems);
  for (const warning of parsed.warnings) io.err(`warning: ${warning}`);
  let server: DemoServerHandle;
  try {
    server = await startDemoServer({ ...options, apiKeys: [...(options.apiKeys ?? []), ...apiKeys] }, { warn: (line) => io.err(line) });
  } catch (error) {
    io.err(`demo-server: could not start: ${startFailure(error, options)}`);
    const hint = (error as { hint?: unknown }).hint;
    if (typeof hint === 'string') io.err(`hint: ${hint}`);
    return 1;
  }
  printSettings(io, server, parsed.values.parallel === undefined);
  await waitForStop(command.signal);
  io.out('demo-server: stopping');
  await server.close();
  return 0;
}

/** What the engine asked for by name cannot honour (with auto, the choice itself answers these). */
function engineProblems(options: DemoServerOptions): string[] {
  if (options.engine === 'llama') return llamaOptionProblems(options);
  if (options.engine === 'sim') return simOptionProblems(options);
  return [];
}

function reportProblems(io: DemoServerIo, problems: readonly string[]): number {
  io.err(`demo-server: ${problems.length} problem${problems.length === 1 ? '' : 's'} with the flags:`);
  for (const problem of problems) io.err(`  - ${problem}`);
  io.err('Run `llmwb demo-server --help` for the flags the demo honours.');
  return 2;
}

async function readApiKeyFile(path: unknown, problems: string[]): Promise<string[]> {
  if (typeof path !== 'string') return [];
  try {
    const text = await readFile(path, 'utf8');
    return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('#'));
  } catch (error) {
    problems.push(`--api-key-file ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

function startFailure(error: unknown, options: DemoServerOptions): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `port ${options.port ?? defaultCliPort} is in use (pass --port 0 for a free port)`;
  return error instanceof Error ? error.message : String(error);
}

function printSettings(io: DemoServerIo, server: DemoServerHandle, isAutoSlots: boolean): void {
  const s = server.settings;
  const isSim = server.engine.running === 'sim';
  const what = isSim ? 'a simulation of llama-server, not a real model' : 'llama.cpp in-process through node-llama-cpp: real inference';
  io.out(`LLM Workbench demo server (${what}) listening on ${server.url}`);
  io.out(`  engine         ${server.engine.running}${engineNote(server)}`);
  io.out(`  slots          ${s.nSlots}${isAutoSlots ? ' (auto, as llama-server: -np -1 → 4 slots with a unified KV cache)' : ''}`);
  io.out(
    `  context        ${s.nCtxTotal} tokens in total, ${s.nCtxSlot} per slot` +
      (s.kvUnified ? ' (unified KV: every slot may use the whole pool)' : ` (-c split across ${s.nSlots} slots)`),
  );
  io.out(`  threads        ${s.threads}: ${s.threadsReason}; batch threads ${s.threadsBatch}`);
  io.out(`  batch          -b ${s.batchSize}, -ub ${s.ubatchSize}${isSim ? '' : `, flash attention ${server.options.flashAttn ?? 'auto'}`}`);
  if (isSim) {
    const mode = s.simTokenMs === null ? `cost model at ×${s.speed} speed` : `fixed timing: a token every ${s.simTokenMs} ms per stream`;
    io.out(`  simulated host ${s.simCores} physical cores, ${mode}`);
  }
  io.out('Press Ctrl+C to stop.');
}

function engineNote(server: DemoServerHandle): string {
  const { requested, fallbackReason } = server.engine;
  if (fallbackReason !== null) return ` (${requested}: ${fallbackReason})`;
  if (server.engine.running === 'llama') return ` (model ${server.options.model ?? 'bundled stories260K.gguf'})`;
  return requested === 'auto' ? '' : ' (--engine sim)';
}

const helpSections: ReadonlyArray<[FlagSection, string]> = [
  ['concurrency-and-batching', 'Concurrency and batching'],
  ['context-and-kv-cache', 'Context and KV cache'],
  ['cpu-placement', 'CPU placement'],
  ['gpu-offload-and-memory', 'GPU offload and memory'],
  ['server', 'Server'],
  ['demo', 'Demo only (engine choice and simulation)'],
];

function printHelp(io: DemoServerIo): void {
  io.out(`usage: ${demoServerUsage}`);
  io.out('Flags marked "refused" exist in llama-server but neither demo engine can honour them; giving one stops with exit code 2.');
  io.out('With --engine llama, the sim-only flags, --embeddings, and -tb other than -t are refused too; with auto they select the sim.');
  for (const [section, title] of helpSections) {
    io.out('');
    io.out(`${title}:`);
    for (const flag of flagsInSection(section, demoFlagCatalog)) {
      const mark = isHonoured(flag.key) || flag.key === 'ui' ? '' : ' [refused]';
      io.out(`  ${formatFlagUsage(flag).padEnd(44)} ${flag.summary}${mark}`);
    }
  }
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted === true) return done();
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    signal?.addEventListener('abort', done);
  });
}
