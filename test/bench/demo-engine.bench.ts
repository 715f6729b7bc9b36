/**
 * The demo server's llama engine on this machine (issue #5's figures): output tok/s at -np 1, 2, 4
 * and -t 1, 2 under the same closed load (the workbench's own load generator, 4 users, ignore_eos),
 * prompt processing at three -ub sizes, flash attention on and off, and what the engine costs on
 * disk. Each load runs against a fresh server; every configuration is measured `--rounds` times in
 * alternation and the median is printed, because the build machines' two cores are shared.
 *
 *   npx tsx test/bench/demo-engine.bench.ts [--rounds 3] [--requests 24] [--max-tokens 64]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer, type DemoServerOptions } from '../../src-main/demo/index';
import { RunPlan } from '../../src-shared/schemas/run-plan';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1] ?? fallback);
}

const rounds = option('rounds', 3);
const requests = option('requests', 24);
const maxTokens = option('max-tokens', 64);
const users = 4;

interface Figures {
  readonly totalTokPerS: number;
  readonly perStreamTokPerS: number;
  readonly ttftP50Ms: number;
}

async function load(options: DemoServerOptions): Promise<Figures> {
  const server = await startDemoServer({ engine: 'llama', ...options });
  try {
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: users }, requestCount: requests, durationS: 120, maxTokens, ignoreEos: true });
    const { summary } = await startLoadgen({
      runId: 'bench',
      plan,
      workerEntry: defaultWorkerEntry(),
      sink: { records: () => undefined, series: () => undefined, progress: () => undefined },
    }).done;
    if (summary.failed > 0) throw new Error(`${summary.failed} requests failed: ${JSON.stringify(summary.errorsByClass)}`);
    return { totalTokPerS: summary.outputTokensPerS, perStreamTokPerS: 1000 / (summary.tpotMs?.p50 ?? Number.NaN), ttftP50Ms: summary.ttftMs.p50 };
  } finally {
    await server.close();
  }
}

/** Prompt tokens per second for one long prompt, cache off, as the server's own timings report it. */
async function promptRate(ubatchSize: number, prompt: string): Promise<number> {
  const server = await startDemoServer({ engine: 'llama', parallel: 1, ctxSize: 2048, batchSize: 2048, ubatchSize, threads: 1 });
  try {
    const response = await fetch(`${server.url}/completion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt, n_predict: 1, cache_prompt: false }),
    });
    const body = (await response.json()) as { timings: { prompt_per_second: number; prompt_n: number } };
    return body.timings.prompt_per_second;
  } finally {
    await server.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function alternate<T>(configs: readonly T[], run: (config: T) => Promise<number | Figures>): Promise<Array<Array<number | Figures>>> {
  const results: Array<Array<number | Figures>> = configs.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, config] of configs.entries()) results[index]?.push(await run(config));
  }
  return results;
}

function medianFigures(runs: ReadonlyArray<number | Figures>): Figures {
  const figures = runs.filter((run): run is Figures => typeof run !== 'number');
  return {
    totalTokPerS: median(figures.map((figure) => figure.totalTokPerS)),
    perStreamTokPerS: median(figures.map((figure) => figure.perStreamTokPerS)),
    ttftP50Ms: median(figures.map((figure) => figure.ttftP50Ms)),
  };
}

/** Apparent bytes of every file under `dir` (links not followed). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/** `du -sk` of a folder (disk blocks), or null where du is missing. */
function diskKb(dir: string): number | null {
  try {
    return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return null;
  }
}

/** node-llama-cpp and every package it depends on, transitively, as installed (shared ones included). */
function dependencyClosure(root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !existsSync(join('node_modules', name, 'package.json'))) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  visit(root);
  return [...seen];
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function printInstallSize(): number {
  console.log('\nInstall size (apparent bytes; du -sk in brackets):');
  const prebuilts = existsSync('node_modules/@node-llama-cpp') ? readdirSync('node_modules/@node-llama-cpp').map((name) => `@node-llama-cpp/${name}`) : [];
  let engineBytes = 0;
  for (const name of ['node-llama-cpp', ...prebuilts]) {
    const dir = join('node_modules', name);
    const bytes = treeBytes(dir);
    engineBytes += bytes;
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string }).name;
    console.log(`  ${name.padEnd(34)} ${mb(bytes).padStart(9)}  [${diskKb(dir) ?? '?'} kB]${version === 'llmwb-npm-placeholder' ? '  (placeholder from package.json overrides)' : ''}`);
  }
  const closure = dependencyClosure('node-llama-cpp').filter((name) => name !== 'node-llama-cpp');
  const closureBytes = closure.reduce((sum, name) => sum + treeBytes(join('node_modules', name)), 0);
  console.log(`  ${'node-llama-cpp + prebuilts'.padEnd(34)} ${mb(engineBytes).padStart(9)}`);
  console.log(`  ${`its ${closure.length} runtime dependencies`.padEnd(34)} ${mb(closureBytes).padStart(9)}  (some shared with other packages)`);
  return engineBytes;
}

async function main(): Promise<void> {
  console.log(`demo engine bench: ${users} users, ${requests} requests of ${maxTokens} tokens, median of ${rounds} alternating rounds; load average at start ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const grid = [1, 2].flatMap((threads) => [1, 2, 4].map((parallel) => ({ threads, parallel })));
  const decode = await alternate(grid, ({ threads, parallel }) => load({ threads, parallel, ctxSize: 512 * parallel }));
  console.log('\n -t  -np   total tok/s   per stream tok/s   TTFT p50 ms');
  const cells = grid.map((config, index) => ({ ...config, figures: medianFigures(decode[index] ?? []) }));
  for (const { threads, parallel, figures } of cells) {
    console.log(`  ${threads}   ${parallel}   ${figures.totalTokPerS.toFixed(0).padStart(11)}   ${figures.perStreamTokPerS.toFixed(0).padStart(16)}   ${figures.ttftP50Ms.toFixed(1).padStart(11)}`);
  }
  const flash = await alternate(['auto', 'off'] as const, (flashAttn) => load({ threads: 1, parallel: 4, ctxSize: 2048, flashAttn }));
  console.log(`\n-t 1 -np 4, flash attention auto vs off: ${medianFigures(flash[0] ?? []).totalTokPerS.toFixed(0)} vs ${medianFigures(flash[1] ?? []).totalTokPerS.toFixed(0)} tok/s in total`);
  const prompt = 'Once upon a time, there was a little girl named Lily. She loved to play in the park with her dog. '.repeat(12);
  const ubatches = [32, 128, 512];
  const prefill = await alternate(ubatches, (ubatchSize) => promptRate(ubatchSize, prompt));
  console.log(`prompt processing (-t 1, one ~1,100-token prompt): ${ubatches.map((ub, index) => `-ub ${ub} ${median((prefill[index] ?? []) as number[]).toFixed(0)} tok/s`).join(', ')}`);
  const engineBytes = printInstallSize();
  const cell = (threads: number, parallel: number) => cells.find((entry) => entry.threads === threads && entry.parallel === parallel)?.figures.totalTokPerS.toFixed(0) ?? 'n/a';
  console.log(`\nload average at end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  console.log(`demo-engine: t1_np1=${cell(1, 1)} t1_np2=${cell(1, 2)} t1_np4=${cell(1, 4)} t2_np1=${cell(2, 1)} t2_np2=${cell(2, 2)} t2_np4=${cell(2, 4)} tok/s install=${mb(engineBytes)}`);
}

await main();
