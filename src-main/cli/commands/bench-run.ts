import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BenchLiveProgress } from '../../../src-shared/contract/bench.contract';
import { AppError } from '../../../src-shared/errors';
import type { BenchResult, BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import type { HostSession } from '../../core/hosts/host-session';
import { validateBenchArgs, planInputFromArgs } from '../../core/bench/plan/plan-from-args';
import { prepareBench } from '../../core/bench/runner/prepare-bench';
import { startBench, type BenchRunHandle } from '../../core/bench/runner/run-bench';
import { lastValue, parseArgs, type CliIo } from '../args';
import { hostBooleanNames, hostOptionNames, hostUsage, openHostFromArgs, reportCommandError } from './host-command-options';

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
  const own: string[] = [];
  const bench: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : '';
    if ((ownValueOptions as readonly string[]).includes(name)) {
      own.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
    } else if ((hostBooleanNames as readonly string[]).includes(name)) own.push(arg);
    else bench.push(arg);
  }
  return { own, bench };
}

/**
 * `llmwb bench --host … -m MODEL [llama-bench lists …]`: checks the plan (every problem at once,
 * before connecting), checks the model files and finds llama-bench on the host, runs it with
 * `-o jsonl`, prints each result as its test finishes and stores the run under
 * `<dataDir>/bench/<id>/`. Ctrl+C ends llama-bench on the host and keeps what finished.
 * Exit: 0 completed, 1 failed, 2 bad input, 130 cancelled.
 */
export async function benchRunCommand(argv: string[], io: CliIo, deps: BenchRunDeps): Promise<number> {
  let host: HostSession | undefined;
  try {
    const { own, bench } = splitBenchArgs(argv);
    const args = parseArgs(own, { options: ownValueOptions, booleans: hostBooleanNames });
    const checked = validateBenchArgs(bench);
    if (!checked.ok) throw new AppError('invalid_input', `the bench plan has ${checked.problems.length} problem(s):\n${checked.problems.join('\n')}`);
    const jsonPath = lastValue(args, 'json');
    const say = jsonPath === '-' ? io.err : io.out;
    host = await openHostFromArgs(args, io);
    const benchPath = lastValue(args, 'bench-path');
    const prepared = await prepareBench({ host, plan: planInputFromArgs(bench).input, ...(benchPath === undefined ? {} : { benchPath }) });
    io.err(`llama-bench: ${prepared.binary} (${prepared.binarySource}); ${prepared.estimate.tests} tests, about ${Math.ceil(prepared.estimate.estimatedS)} s (${prepared.estimate.assumptions.basis})`);
    for (const warning of prepared.warnings) io.err(`warning: ${warning}`);
    const label = lastValue(args, 'label');
    const handle = await startBench({ host, dataDir: deps.dataDir, prepared, ...(label === undefined ? {} : { label }), onProgress: (progress) => printProgress(progress, say) });
    const meta = await waitWithInterrupt(handle, { io, deps });
    if (jsonPath !== undefined) await writeJson(jsonPath, { meta, results: [...handle.results()] }, io);
    return reportEnd(meta, { say, io });
  } catch (error) {
    const code = reportCommandError(io, 'bench', error);
    if (code === 2) io.err(`usage: ${benchRunUsage}`);
    return code;
  } finally {
    await host?.close();
  }
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

async function waitWithInterrupt(handle: BenchRunHandle, context: { io: CliIo; deps: BenchRunDeps }): Promise<BenchRunMeta> {
  const listen = context.deps.onInterrupt ?? listenForSigint;
  const stop = listen(() => {
    context.io.err('cancelling: ending llama-bench on the host…');
    void handle.cancel();
  });
  try {
    return await handle.done;
  } finally {
    stop();
  }
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
