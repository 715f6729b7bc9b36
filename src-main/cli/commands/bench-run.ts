import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BenchLiveProgress } from '../../../src-shared/contract/bench.contract';
import { AppError } from '../../../src-shared/errors';
import type { BenchResult, BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import { planInputFromArgs, validateBenchArgs, type AdHocHost, type Core, type PreparedBench } from '../../core/index';
import { lastValue, parseArgs, splitOwnArgs, type CliIo, type ParsedArgs } from '../args';
import { createNodeCore } from '../node-core';
import { followBench } from './bench-follow';
import { hostBooleanNames, hostOptionNames, hostSpecFromArgs, hostTrustFromArgs, hostUsage, reportCommandError } from './host-command-options';

export const benchRunUsage = `llmwb bench ${hostUsage} -m MODEL [-p LIST] [-n LIST] [-pg PP,TG] [-d LIST] [-t LIST] [-b LIST] [-ub LIST] [-ngl LIST] [-fa on,off,auto] [-ctk/-ctv TYPES] [-r N] [other llama-bench flags] [--bench-path PATH] [--label TEXT] [--json FILE|-] [--data-dir DIR]`;

const ownValueOptions = [...hostOptionNames, 'bench-path', 'label', 'json', 'data-dir'] as const;

export interface BenchRunDeps {
  /** Resolved by the shell from --data-dir or the default. */
  dataDir: string;
  /** Where Ctrl+C is heard; the process's SIGINT by default. Returns the unsubscribe function. */
  onInterrupt?: (cancel: () => void) => () => void;
}

/**
 * Splits argv into this command's own options (host, --bench-path, --label, --json, --data-dir)
 * and llama-bench's, which keep its own syntax (`-t 4,8 -fa on,off -pg 512,128 …`).
 */
export function splitBenchArgs(argv: readonly string[]): { own: string[]; bench: string[] } {
  const { own, rest } = splitOwnArgs(argv, { options: ownValueOptions, booleans: hostBooleanNames });
  return { own, bench: rest };
}

/**
 * `llmwb bench --host … -m MODEL [llama-bench lists …]`: checks the plan (every problem at once,
 * before connecting), then runs it through the core: the core opens the host, takes its lease,
 * checks the model files and finds llama-bench, runs it with `-o jsonl` and stores the run under
 * `<dataDir>/bench/<id>/`, the store the app reads. Each result is printed from `bench.progress`
 * as its test finishes. Ctrl+C cancels the run (bench.cancel) and keeps what finished.
 * Exit: 0 completed, 1 failed, 2 bad input, 130 cancelled.
 */
export async function benchRunCommand(argv: string[], io: CliIo, deps: BenchRunDeps): Promise<number> {
  let core: Core | undefined;
  try {
    const { own, bench } = splitBenchArgs(argv);
    const args = parseArgs(own, { options: ownValueOptions, booleans: hostBooleanNames });
    const checked = validateBenchArgs(bench);
    if (!checked.ok) throw new AppError('invalid_input', `the bench plan has ${checked.problems.length} problem(s):\n${checked.problems.join('\n')}`);
    const spec = hostSpecFromArgs(args);
    const jsonPath = lastValue(args, 'json');
    const say = jsonPath === '-' ? io.err : io.out;
    core = await createNodeCore({ dataDir: deps.dataDir, shell: 'cli' });
    for (const notice of core.notices) io.err(`note: ${notice}`);
    const host = await core.hosts.openAdHoc(spec, hostTrustFromArgs(args, io));
    const meta = await runThroughCore(core, { args, plan: planInputFromArgs(bench).input, host, output: { io, say }, deps });
    if (jsonPath !== undefined) await writeJson(jsonPath, { meta, results: (await core.invoke('bench.get', { benchRunId: meta.id })).results }, io);
    return reportEnd(meta, { say, io });
  } catch (error) {
    const code = reportCommandError(io, 'bench', error);
    if (code === 2) io.err(`usage: ${benchRunUsage}`);
    return code;
  } finally {
    await core?.close();
  }
}

interface BenchThroughCore {
  args: ParsedArgs;
  plan: unknown;
  host: AdHocHost;
  output: { io: CliIo; say: (line: string) => void };
  deps: BenchRunDeps;
}

/** Starts the bench on the core, prints it as it goes, and resolves with its stored meta once it has ended. */
async function runThroughCore(core: Core, run: BenchThroughCore): Promise<BenchRunMeta> {
  const { io, say } = run.output;
  const follower = followBench(core.bus, (progress) => printProgress(progress, say));
  try {
    const label = lastValue(run.args, 'label');
    const benchPath = lastValue(run.args, 'bench-path');
    const started = await core.bench.runOnHost({
      host: run.host,
      plan: run.plan,
      ...(label === undefined ? {} : { label }),
      ...(benchPath === undefined ? {} : { benchPath }),
      onPrepared: (prepared) => printPrepared(prepared, io),
    });
    const cancel = () => {
      io.err('cancelling: ending llama-bench on the host…');
      void core.invoke('bench.cancel', { benchRunId: started.id }).catch(() => undefined);
    };
    const stopListening = (run.deps.onInterrupt ?? listenForSigint)(cancel);
    try {
      await follower.follow(started.id);
    } finally {
      stopListening();
    }
    return (await core.invoke('bench.get', { benchRunId: started.id })).meta;
  } finally {
    follower.stop();
  }
}

function printPrepared(prepared: PreparedBench, io: CliIo): void {
  io.err(`llama-bench: ${prepared.binary} (${prepared.binarySource}); ${prepared.estimate.tests} tests, about ${Math.ceil(prepared.estimate.estimatedS)} s (${prepared.estimate.assumptions.basis})`);
  for (const warning of prepared.warnings) io.err(`warning: ${warning}`);
}

function printProgress(progress: BenchLiveProgress, say: (line: string) => void): void {
  if (progress.result === undefined) return;
  say(`[${progress.resultCount}/${progress.totalTests}] ${describeResult(progress.result)}`);
}

/** "pp512  -t 8 -fa on: 1234.56 ± 3.21 t/s" — the test, the parameters that matter, mean ± stddev. */
export function describeResult(result: BenchResult): string {
  const p = result.params;
  const settings = [
    p.n_threads === undefined ? '' : `-t ${p.n_threads}`,
    p.n_gpu_layers === undefined || p.n_gpu_layers === -1 ? '' : `-ngl ${p.n_gpu_layers}`,
    p.n_batch === undefined ? '' : `-b ${p.n_batch}`,
    p.n_ubatch === undefined ? '' : `-ub ${p.n_ubatch}`,
    p.flash_attn === undefined ? '' : `-fa ${p.flash_attn}`,
    p.type_k === undefined || p.type_k === 'f16' ? '' : `-ctk ${p.type_k}`,
  ].filter((part) => part !== '');
  return `${result.test.padEnd(10)} ${settings.join(' ')}: ${result.avgTs.toFixed(2)} ± ${result.stddevTs.toFixed(2)} t/s`;
}

function listenForSigint(cancel: () => void): () => void {
  process.once('SIGINT', cancel);
  return () => process.off('SIGINT', cancel);
}

function reportEnd(meta: BenchRunMeta, output: { say: (line: string) => void; io: CliIo }): number {
  const status = meta.run?.status ?? 'completed';
  output.io.err(`bench run ${meta.id}: ${status}, ${meta.resultCount} result(s)`);
  if (status === 'completed') {
    output.say(meta.id);
    return 0;
  }
  if (status === 'cancelled') return 130;
  const error = meta.run?.error;
  if (error !== undefined) reportCommandError(output.io, 'bench', AppError.fromWire(error));
  return 1;
}

async function writeJson(path: string, value: unknown, io: CliIo): Promise<void> {
  const text = JSON.stringify(value, null, 2);
  if (path === '-') {
    io.out(text);
    return;
  }
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, `${text}\n`, 'utf8');
}
