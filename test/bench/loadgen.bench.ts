import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { RunFolder } from '../../src-main/core/store/run-folder';
import { RunPlan, type RunPlanInput } from '../../src-shared/schemas/run-plan';
import type { RunSummary } from '../../src-shared/schemas/run-result';
import { childPids, describeCpu, startCpuMeter, type CpuShare } from './loadgen-cpu';
import { cannedTokens, startNginx, stopChild, type NginxServer } from './loadgen-nginx';
import { runMinimalClient, runObserver, runWrk, startDemoProcess } from './loadgen-references';

/**
 * `npm run bench:loadgen`: the full load generator (worker threads, per-token timing, HDR
 * histograms, every record appended to a run folder) against Debian's nginx serving a canned
 * 256-token stream, beside wrk and a minimal single-loop client on the same URL; against the
 * demo server at a fixed 50 ms per token with 2,000 streams; and an open loop at 1,000 req/s.
 * The nginx levels run twice: on a quiet machine, then with one core kept busy by another
 * process (`yes > /dev/null`), which is where a generator that spends its main thread on
 * bookkeeping falls behind a single-loop client. Generator and minimal client alternate twice
 * per level and the better of each pair is kept (other work on a shared machine only ever
 * slows a run down). Each line says how busy the machine was, with what, and its load
 * average; one summary line closes the output.
 */
const levels = [64, 512, 2000] as const;
const seconds = Number(process.env.LLMWB_BENCH_SECONDS ?? 4);
const cores = availableParallelism();

async function fullGenerator(input: RunPlanInput, dir: string): Promise<RunSummary> {
  const plan = RunPlan.parse({ maxTokens: cannedTokens, requestTimeoutS: 30, ...input });
  const folder = await RunFolder.create(dir, `run-${Date.now()}`);
  const run = startLoadgen({
    runId: 'bench',
    plan,
    workerEntry: defaultWorkerEntry(),
    sink: { records: (records) => folder.append('requests', records), series: (points) => folder.append('series', points), progress: () => undefined },
  });
  const { summary, error } = await run.done;
  await folder.flush();
  await rm(folder.dir, { recursive: true, force: true });
  if (error) throw error;
  return summary;
}

async function measured<T>(groups: Record<string, () => number[]>, action: () => Promise<T>): Promise<{ value: T; cpu: CpuShare }> {
  const stop = startCpuMeter(groups, cores);
  const value = await action();
  return { value, cpu: stop() };
}

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const failures = (summary: RunSummary): number => Object.entries(summary.errorsByClass).filter(([name]) => name !== 'cancelled').reduce((sum, [, count]) => sum + count, 0);

function health(summary: RunSummary): string {
  const client = summary.clientHealth;
  if (!client) return '';
  return `worker busy ${fixed(client.busiestWorkerBusyFraction * 100)}%, parent busy ${fixed(client.parentBusyFraction * 100)}%, loop lag p99 ${fixed(client.loopLagP99Ms, 1)} ms${client.isClientLimited ? ', marked client-limited' : ''}`;
}

interface Level {
  level: number;
  generator: { value: RunSummary; cpu: CpuShare };
  minimalTokensPerS: number;
  wrkRps: number;
}

/**
 * Tokens per second of CPU the generator's process used over the run (workers and parent):
 * what it would do with a core to itself, whatever share of the machine it got.
 */
function tokensPerCpuS(summary: RunSummary): number {
  const cpuS = (summary.clientHealth?.processCpuFraction ?? Number.NaN) * cores * summary.durationS;
  return summary.outputTokens / cpuS;
}

/** Runs `action` with one core kept busy by another process, as a colleague's build would. */
async function withBusyCore<T>(action: (hogPid: number) => Promise<T>): Promise<T> {
  const hog = spawn('yes', [], { stdio: 'ignore' });
  try {
    return await action(hog.pid ?? 0);
  } finally {
    await stopChild(hog);
  }
}

const loadAverage = (): string => loadavg()[0]!.toFixed(2);

async function oneLevel(nginx: NginxServer, level: number, options: { scratch: string; hogPid?: number }): Promise<Level> {
  const { scratch, hogPid } = options;
  const groups = { generator: () => [process.pid], nginx: () => childPids(nginx.pid), ...(hogPid ? { 'busy core': () => [hogPid] } : {}) };
  const generators: Array<{ value: RunSummary; cpu: CpuShare }> = [];
  const minimals: Array<{ tokensPerS: number; tokensPerCpuS: number }> = [];
  for (let round = 0; round < 2; round += 1) {
    generators.push(await measured(groups, () => fullGenerator({ url: nginx.url, load: { kind: 'closed', virtualUsers: level }, durationS: seconds }, scratch)));
    minimals.push(await runMinimalClient({ url: nginx.url, concurrency: level, durationS: seconds }));
  }
  const generator = generators.reduce((best, run) => (run.value.outputTokensPerS > best.value.outputTokensPerS ? run : best));
  const minimal = minimals.reduce((best, run) => (run.tokensPerS > best.tokensPerS ? run : best));
  const efficiency = `per CPU-second: generator ${fixed(Math.max(...generators.map((run) => tokensPerCpuS(run.value))))} tok, minimal ${fixed(Math.max(...minimals.map((run) => run.tokensPerCpuS)))} tok`;
  const wrk = await measured({ nginx: groups.nginx }, () => runWrk({ url: nginx.url, connections: level, durationS: seconds, dir: scratch }));
  const summary = generator.value;
  const ratio = `generator/minimal ${fixed(summary.outputTokensPerS / minimal.tokensPerS, 2)}x`;
  console.log(
    `nginx ${String(level).padStart(4)} streams, ${hogPid ? 'one core busy' : 'quiet'}, load avg ${loadAverage()} | generator ${fixed(summary.requestsPerS)} streams/s, ${fixed(summary.outputTokensPerS)} tok/s, ${failures(summary)} errors, TTFT p50 ${fixed(summary.ttftMs.p50, 1)} ms (${health(summary)}; ${describeCpu(generator.cpu)})` +
      ` | minimal client ${fixed(minimal.tokensPerS)} tok/s | ${ratio} | ${efficiency} | wrk ${fixed(wrk.value.requestsPerS)} req/s, ${wrk.value.errors} errors (${describeCpu(wrk.cpu)})`,
  );
  return { level, generator, minimalTokensPerS: minimal.tokensPerS, wrkRps: wrk.value.requestsPerS };
}

async function demoItl(): Promise<RunSummary> {
  const demo = await startDemoProcess(['--engine', 'sim', '--sim-token-ms', '50', '-np', '2000', '-c', String(2000 * 256)]);
  const scratch = await mkdtemp(join(tmpdir(), 'llmwb-bench-demo-'));
  try {
    // 20 tokens a stream (about 1 s each): every user finishes several streams inside the window even on a starved server.
    const input: RunPlanInput = { url: demo.url, load: { kind: 'closed', virtualUsers: 2000 }, durationS: 12, warmupS: 3, maxTokens: 20, ignoreEos: true, prompt: 'Hi' };
    // The observer joins once the 2,000 streams are up, and leaves before they end.
    const observing = new Promise((resolve) => setTimeout(resolve, 5000)).then(() => runObserver({ url: demo.url, durationS: 5, maxTokens: 40 }));
    const { value: summary, cpu } = await measured({ generator: () => [process.pid], demo: () => [demo.pid] }, () => fullGenerator(input, scratch));
    const observer = await observing;
    console.log(`demo 2000 streams, 50 ms/token | ITL p50 ${fixed(summary.itlMs.p50, 2)} ms, p90 ${fixed(summary.itlMs.p90, 2)} ms, p99 ${fixed(summary.itlMs.p99, 2)} ms over ${summary.itlMs.count} gaps; ${summary.completed} streams, ${failures(summary)} errors (${health(summary)}; ${describeCpu(cpu)})`);
    console.log(`  one-stream observer in its own process meanwhile: ITL p50 ${fixed(observer.p50Ms, 2)} ms, p90 ${fixed(observer.p90Ms, 2)} ms, p99 ${fixed(observer.p99Ms, 2)} ms over ${observer.gaps} gaps`);
    return summary;
  } finally {
    await demo.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function openLoop(scratch: string): Promise<RunSummary> {
  const nginx = await startNginx();
  try {
    const input: RunPlanInput = { url: nginx.url, load: { kind: 'open-constant', rateRps: 1000 }, durationS: 6, warmupS: 1 };
    const { value: summary, cpu } = await measured({ generator: () => [process.pid], nginx: () => childPids(nginx.pid) }, () => fullGenerator(input, scratch));
    const arrivals = summary.arrivals!;
    const offered = arrivals.offeredRps ?? Number.NaN;
    console.log(
      `open loop 1000 req/s on nginx | offered ${fixed(offered, 1)}, sent ${fixed(arrivals.achievedRps, 1)} req/s (${fixed((arrivals.achievedRps / offered - 1) * 100, 2)} %), completed ${fixed(summary.requestsPerS, 1)} req/s;` +
        ` send lag p50 ${fixed(summary.sendLagMs?.p50 ?? Number.NaN, 2)} ms, p99 ${fixed(summary.sendLagMs?.p99 ?? Number.NaN, 2)} ms; ${arrivals.late} late, ${arrivals.dropped} dropped (${health(summary)}; ${describeCpu(cpu)})`,
    );
    return summary;
  } finally {
    await nginx.stop();
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'llmwb-bench-'));
  console.log(`machine: ${cores} usable cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} before the bench`);
  try {
    const nginx = await startNginx();
    const results: Level[] = [];
    const contended: Level[] = [];
    try {
      for (const level of levels) results.push(await oneLevel(nginx, level, { scratch }));
      for (const level of levels) contended.push(await withBusyCore((hogPid) => oneLevel(nginx, level, { scratch, hogPid })));
    } finally {
      await nginx.stop();
    }
    const demo = await demoItl();
    const open = await openLoop(scratch);
    const top = results.at(-1)!;
    const busy = contended.at(-1)!;
    const maxStreamsOk = Math.max(0, ...results.filter((result) => failures(result.generator.value) === 0 && result.generator.value.completed > 0).map((result) => result.level));
    console.log(
      `loadgen: streams_per_s=${fixed(top.generator.value.requestsPerS)} tokens_per_s=${fixed(top.generator.value.outputTokensPerS)} minimal_client_tokens_per_s=${fixed(top.minimalTokensPerS)} wrk_requests_per_s=${fixed(top.wrkRps)}` +
        ` busy_core_tokens_per_s=${fixed(busy.generator.value.outputTokensPerS)} busy_core_minimal_client_tokens_per_s=${fixed(busy.minimalTokensPerS)}` +
        ` max_streams_ok=${maxStreamsOk} itl_p99_error_ms=${demo.itlMs.count > 0 ? fixed(Math.abs(demo.itlMs.p99 - 50), 2) : 'n/a'} schedule_lag_p99_ms=${fixed(open.sendLagMs?.p99 ?? Number.NaN, 2)}`,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
