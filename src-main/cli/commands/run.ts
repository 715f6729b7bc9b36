import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import { formatDurationCompact } from '../../../src-shared/format/numbers';
import { formatProgressLine, formatSummaryTable } from '../../../src-shared/metrics/summary-table';
import { formatTokenReconciliation } from '../../../src-shared/metrics/token-reconciliation';
import { describeLoad } from '../../../src-shared/schemas/load-profiles';
import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import type { RunFinished, RunProgress, RunSummary } from '../../../src-shared/schemas/run-result';
import type { ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import { checkEndpoint, createMemorySecrets, exportRun, type Core, type Secrets } from '../../core/index';
import type { CliIo } from '../args';
import { hostSpecFromArgs, hostTrustFromArgs } from './host-command-options';
import { parseRunOptions, type RunOptions } from './run-options';

export const runUsage = [
  'llmwb run --url URL (--concurrency N | --rate R | --profile NAME) (--duration 30s | --requests N)',
  '  load:     [--stages 30s:8,0s:16,30s:16] [--arrivals constant|poisson|gamma:B] [--seed N] [--max-in-flight N] [--when-full wait|drop]',
  '            [--profile light|medium|heavy|saturation|sustained|custom] [--step 30s] [--warmup 5s] [--cooldown 5s]',
  '  requests: [--api chat|completions|embeddings|native] [--no-stream] [--embedding-inputs N] [--model NAME] [--max-tokens N]',
  '            [--prompt TEXT | --dataset FILE] [--header NAME:VALUE]… [--api-key-env VAR] [--ignore-eos] [--timeout 120s]',
  '  judge:    [--slo \'ttft_p95<2000,tpot_p95<100\']',
  '  host:     [--host ssh://USER@HOST:PORT|local [--identity KEY] [--known-hosts FILE] [--accept-new-host-key]]  record its telemetry beside the load',
  '  output:   [--json FILE] [--export DIR] [--data-dir DIR]',
  '  exit:     0 done · 1 the run failed or no request succeeded · 2 bad input · 99 an --slo threshold failed · 130 interrupted',
].join('\n');
/** k6's exit code for failed thresholds; CI gates on it. */
export const sloFailedExitCode = 99;
export const runSummaryText = 'Load an OpenAI-compatible or llama.cpp server (closed loop, open loop or a profile) and print TTFT, TPOT, ITL, E2E, throughput and goodput';

/** What `llmwb run` uses of the core: its runs, its events, what opening the store said. */
export type RunCore = Pick<Core, 'runs' | 'bus' | 'hosts' | 'notices' | 'close'>;
type RunAttachment = ReturnType<Core['runs']['recordHost']>;

export interface RunCommandDeps {
  /** Data folder when --data-dir is not given. */
  defaultDataDir: string;
  /**
   * Opens the core on a data folder (the Node shells' createNodeCore); called only after the plan
   * and the endpoint passed their checks, so a rejected run writes nothing. `secrets` holds the
   * --api-key-env key for this process.
   */
  openCore(dataDir: string, options: { secrets: Secrets }): Promise<RunCore>;
  /** Calls `stop` on the user's interrupt (Ctrl+C); returns the unsubscribe. Default: process SIGINT. */
  onInterrupt?(stop: () => void): () => void;
  /** Present when progress goes to a terminal: the line is then redrawn in place. */
  tty?: { write(text: string): void };
  /** How often a progress line is drawn: default 500 ms on a terminal, 5 s otherwise. */
  progressEveryMs?: number;
  /** Environment for --api-key-env (default process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * `llmwb run`: validates every flag at once, checks the endpoint, runs through the core the app
 * uses (so the run, its server scrape and, with --host, its host telemetry are recorded as the
 * app records them, and it shows in the app's History), prints a live progress line and a
 * summary table. Exit codes: 0 done (at least one request succeeded and every --slo threshold
 * passed), 99 an --slo threshold failed (the run itself worked), 1 the run or the endpoint
 * failed, 2 bad input, 130 interrupted (what was measured is still printed). Nothing is written
 * (no run folder, no index entry, no --json file) unless the run started; --json is written
 * only when the run completed.
 */
export async function runCommand(argv: string[], io: CliIo, deps: RunCommandDeps): Promise<number> {
  let parsed: RunOptions;
  try {
    parsed = parseRunOptions(argv, { dataDir: deps.defaultDataDir, ...(deps.env ? { env: deps.env } : {}) });
    // Before the data folder is opened: an endpoint that does not answer leaves nothing behind.
    await checkEndpoint(parsed.plan, { apiKey: parsed.apiKey?.value });
  } catch (error) {
    return reportError(io, error);
  }
  const secrets = createMemorySecrets();
  if (parsed.apiKey) await secrets.set(parsed.apiKey.secretId, parsed.apiKey.value);
  const core = await deps.openCore(parsed.dataDir, { secrets });
  core.notices.forEach((notice) => io.err(`note: ${notice}`));
  try {
    return await runOnCore(core, { io, deps, parsed });
  } finally {
    // Closes the --host session too.
    await core.close();
  }
}

/**
 * The --host to record, opened through the core and held for the run: recording a host's
 * telemetry is an experiment on it, so a bench or another such run there is refused (host_busy).
 */
async function leaseHost(core: RunCore, context: { io: CliIo; parsed: RunOptions }): Promise<{ attachments: RunAttachment[]; release(): void }> {
  const { hostArgs, plan } = context.parsed;
  if (hostArgs === undefined) return { attachments: [], release: () => undefined };
  const host = await core.hosts.openAdHoc(hostSpecFromArgs(hostArgs), hostTrustFromArgs(hostArgs, context.io));
  const lease = host.lease(`a load run recording telemetry (${plan.url})`);
  return { attachments: [core.runs.recordHost(host.session)], release: lease.release };
}

async function runOnCore(core: RunCore, context: { io: CliIo; deps: RunCommandDeps; parsed: RunOptions }): Promise<number> {
  const { io, deps, parsed } = context;
  const progress = createProgressPrinter(io, deps, boundLabel(parsed.plan));
  const offs = [
    core.bus.on('run.progress', (event) => progress.update(event)),
    // Said at once, not after the ~1 s the stop takes: the progress line may still be moving.
    core.bus.on('run.writeFailed', ({ error }) => {
      progress.clear();
      io.err(`llmwb run: ${error.message}; stopping the run and keeping what was written…`);
    }),
  ];
  let release = (): void => undefined;
  try {
    const host = await leaseHost(core, context);
    release = host.release;
    const { runId } = await core.runs.start(parsed.plan, { attachments: host.attachments });
    let interrupted = false;
    const offInterrupt = (deps.onInterrupt ?? onSigint)(() => {
      interrupted = true;
      progress.clear();
      io.err('Stopping: cancelling requests in flight…');
      void core.runs.stop(runId);
    });
    const finished = await core.runs.whenFinished(runId).finally(offInterrupt);
    progress.clear();
    printServerView(io, finished.summary);
    return await reportFinished({ io, finished, interrupted, jsonPath: parsed.jsonPath, exportDir: parsed.exportDir, runFolder: join(parsed.dataDir, 'runs', runId) });
  } catch (error) {
    return reportError(io, error);
  } finally {
    release();
    offs.forEach((off) => off());
    progress.clear();
  }
}

function boundLabel(plan: RunPlan): string {
  const parts: string[] = [describeLoad(plan.load)];
  if (plan.durationS !== undefined) parts.push(`of ${formatDurationCompact(plan.durationS)}`);
  if (plan.requestCount !== undefined) parts.push(`${plan.requestCount} requests`);
  return `(${parts.join(', ')})`;
}

function createProgressPrinter(io: CliIo, deps: RunCommandDeps, label: string) {
  const everyMs = deps.progressEveryMs ?? (deps.tty ? 500 : 5000);
  let lastPrintMs = 0;
  let drawn = false;
  return {
    update(progress: RunProgress): void {
      const now = Date.now();
      if (now - lastPrintMs < everyMs) return;
      lastPrintMs = now;
      const line = formatProgressLine(progress, label);
      if (deps.tty) {
        deps.tty.write(`\r\x1b[K${line}`);
        drawn = true;
      } else io.err(line);
    },
    clear(): void {
      if (drawn) deps.tty?.write('\r\x1b[K');
      drawn = false;
    },
  };
}

async function reportFinished(context: { io: CliIo; finished: RunFinished; interrupted: boolean; jsonPath: string | undefined; exportDir: string | undefined; runFolder: string }): Promise<number> {
  const { io, finished } = context;
  if (finished.summary) formatSummaryTable(finished.summary).forEach((line) => io.out(line));
  io.out('');
  io.out(`Run ${finished.runId} (${finished.status}) saved in ${context.runFolder}`);
  if (context.exportDir) {
    const files = await exportRun({ runDir: context.runFolder, runId: finished.runId, outDir: context.exportDir });
    io.out(`Exported ${files.jsonPath}, ${files.requestsCsvPath}, ${files.seriesCsvPath} and ${files.serverCsvPath}`);
    files.notices.forEach((notice) => io.err(`note: ${notice}`));
  }
  if (finished.status === 'failed') {
    await keepSummaryInJson(context);
    return reportError(io, AppError.fromWire(finished.error ?? { code: 'internal', message: 'the run failed' }));
  }
  if (context.interrupted || finished.status === 'stopped') {
    io.err('Interrupted: the figures above cover what was measured before the stop.');
    return 130;
  }
  const summary = finished.summary;
  if (!summary || summary.completed === 0) {
    io.err('llmwb run: no request succeeded; see the errors above and requests.jsonl in the run folder.');
    return 1;
  }
  if (context.jsonPath) await writeJsonResult(context.jsonPath, summary, finished);
  return sloExitCode(io, summary);
}

/**
 * 99 when an --slo threshold failed (k6's code for failed thresholds, so a CI step can tell a
 * missed objective from a broken run), else 0. Says which thresholds failed and by how much.
 */
function sloExitCode(io: CliIo, summary: RunSummary): number {
  const failed = (summary.thresholds ?? []).filter((outcome) => !outcome.isPassed);
  if (failed.length === 0) return 0;
  const measured = (value: number | null): string => (value === null ? 'no samples' : `measured ${Number(value.toPrecision(4))}`);
  io.err(`llmwb run: the SLO was not met: ${failed.map((outcome) => `${outcome.source} (${measured(outcome.actual)})`).join(', ')}`);
  return sloFailedExitCode;
}

/** The --json file: the summary's fields at the top level (goodputPerS, tpotMs, errorsByClass, tokenSource, clientHealth among them). */
async function writeJsonResult(path: string, summary: RunSummary, finished: RunFinished): Promise<void> {
  const marked = { runId: finished.runId, status: finished.status, isClientLimited: summary.clientHealth?.isClientLimited ?? false, ...summary, ...(finished.error ? { error: finished.error } : {}) };
  await writeFile(path, JSON.stringify(marked, null, 2) + '\n', 'utf8');
}

/**
 * A run stopped by a full or read-only data folder still has its summary: --json (often on
 * another disk) gets it, with the error, so what was measured is not lost.
 */
async function keepSummaryInJson(context: { io: CliIo; finished: RunFinished; jsonPath: string | undefined }): Promise<void> {
  const { finished, jsonPath } = context;
  const code = finished.error?.code;
  if (!jsonPath || !finished.summary || (code !== 'disk_full' && code !== 'read_only')) return;
  try {
    await writeJsonResult(jsonPath, finished.summary, finished);
    context.io.err(`The summary was written to ${jsonPath} (--json).`);
  } catch (error) {
    context.io.err(`The summary could not be written to ${jsonPath} either: ${toAppError(error).message}`);
  }
}

function reportError(io: CliIo, error: unknown): number {
  const appError = toAppError(error);
  const [first, ...rest] = appError.message.split('\n');
  io.err(rest.length > 0 ? 'llmwb run: the options have problems:' : `llmwb run: ${first}`);
  if (rest.length > 0) [first, ...rest].forEach((line) => io.err(`  ${line}`));
  if (appError.hint) io.err(`hint: ${appError.hint}`);
  return appError.code === 'invalid_input' ? 2 : 1;
}

function onSigint(stop: () => void): () => void {
  process.once('SIGINT', stop);
  return () => process.off('SIGINT', stop);
}

/**
 * The server's side of the run: its scrape summary, and the client's tokens of the whole run
 * against the server's own counter, read just before the run's first request and again once the
 * server had released its last one (the token counter attachment); that line is left out when
 * the server exposes no counter or restarted.
 */
function printServerView(io: CliIo, summary: RunSummary | undefined): void {
  if (summary?.server) io.out(formatServerLine(summary.server));
  if (summary?.serverTokens && summary.runOutputTokens) io.out(formatTokenReconciliation(summary.runOutputTokens, summary.serverTokens));
  if (summary?.telemetry) io.out(formatTelemetryLine(summary.telemetry));
  summary?.attachmentNotes?.forEach((note) => io.err(`note: ${note}`));
}

/** One line on the host: how busy its busiest CPU and GPU were (telemetry.jsonl has every sample). */
function formatTelemetryLine(telemetry: NonNullable<RunSummary['telemetry']>): string {
  const busiest = (list: Array<{ id: string; meanPct: number; peakPct: number }>) => list.reduce<(typeof list)[number] | undefined>((top, item) => (top === undefined || item.meanPct > top.meanPct ? item : top), undefined);
  const cpu = busiest(telemetry.cpus);
  const gpu = busiest(telemetry.gpus);
  const parts = [`${telemetry.samples} samples of ${telemetry.host}`, `${telemetry.cpus.length} CPUs`];
  if (cpu) parts.push(`busiest CPU ${cpu.id} mean ${Math.round(cpu.meanPct)} %, peak ${Math.round(cpu.peakPct)} %`);
  if (gpu) parts.push(`busiest GPU ${gpu.id} mean ${Math.round(gpu.meanPct)} %`);
  if (telemetry.gaps > 0) parts.push(`${telemetry.gaps} gap${telemetry.gaps === 1 ? '' : 's'}`);
  return `Host        ${parts.join(', ')} (telemetry.jsonl)`;
}

function formatServerLine(summary: ServerScrapeSummary): string {
  const percent = (ratio: number | null) => (ratio === null ? 'n/a' : `${Math.round(ratio * 100)} %`);
  const parts = [`${summary.samples} scrapes of ${summary.kind}`, `slot use max ${percent(summary.maxSlotUse)}`, `deferred max ${summary.maxWaiting ?? 'n/a'}`, `KV cache max ${percent(summary.maxKvCacheUsage)}`];
  return [`Server      ${parts.join(', ')} (server.jsonl)`, ...summary.notes.map((note) => `            ${note}`)].join('\n');
}
