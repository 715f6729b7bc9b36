import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import { formatDurationCompact } from '../../../src-shared/format/numbers';
import { formatProgressLine, formatSummaryTable } from '../../../src-shared/metrics/summary-table';
import { formatTokenReconciliation, type ServerTokenCount } from '../../../src-shared/metrics/token-reconciliation';
import { describeLoad } from '../../../src-shared/schemas/load-profiles';
import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import type { RunFinished, RunProgress, RunSummary } from '../../../src-shared/schemas/run-result';
import { EventBus } from '../../core/events';
import { bridgeServerScrape } from '../../core/servers/run-scrape-bridge';
import { countServerTokens } from '../../core/servers/token-counter';
import { preflightEndpoint } from '../../core/runs/preflight';
import type { ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import { exportRun } from '../../core/runs/run-export';
import { createRunService } from '../../core/runs/run-service';
import type { RunsRepo } from '../../core/runs/runs-repo';
import type { CliIo } from '../args';
import { parseRunOptions, type RunOptions } from './run-options';

export const runUsage = [
  'llmwb run --url URL (--concurrency N | --rate R | --profile NAME) (--duration 30s | --requests N)',
  '  load:     [--stages 30s:8,0s:16,30s:16] [--arrivals constant|poisson|gamma:B] [--seed N] [--max-in-flight N] [--when-full wait|drop]',
  '            [--profile light|medium|heavy|saturation|sustained|custom] [--step 30s] [--warmup 5s] [--cooldown 5s]',
  '  requests: [--api chat|completions|embeddings|native] [--no-stream] [--embedding-inputs N] [--model NAME] [--max-tokens N]',
  '            [--prompt TEXT | --dataset FILE] [--header NAME:VALUE]… [--api-key-env VAR] [--ignore-eos] [--timeout 120s]',
  '  judge:    [--slo \'ttft_p95<2000,tpot_p95<100\']',
  '  output:   [--json FILE] [--export DIR] [--data-dir DIR]',
  '  exit:     0 done · 1 the run failed or no request succeeded · 2 bad input · 99 an --slo threshold failed · 130 interrupted',
].join('\n');
/** k6's exit code for failed thresholds; CI gates on it. */
export const sloFailedExitCode = 99;
export const runSummaryText = 'Load an OpenAI-compatible or llama.cpp server (closed loop, open loop or a profile) and print TTFT, TPOT, ITL, E2E, throughput and goodput';

export interface RunCommandDeps {
  /** File Node runs as a load generator worker (defaultWorkerEntry() in the Node shells). */
  workerEntry: string;
  /** Data folder when --data-dir is not given. */
  defaultDataDir: string;
  /**
   * Opens the runs index of a data folder; called only after the plan and the endpoint passed
   * their checks. `notify` receives what the store did on opening (a corrupt index moved aside,
   * runs relabelled interrupted), which the command prints on stderr.
   */
  openRunsRepo(dataDir: string, notify: (notice: string) => void): Promise<RunsRepo>;
  /** Calls `stop` on the user's interrupt (Ctrl+C); returns the unsubscribe. Default: process SIGINT. */
  onInterrupt?(stop: () => void): () => void;
  /** Present when progress goes to a terminal: the line is then redrawn in place. */
  tty?: { write(text: string): void };
  /** How often a progress line is drawn: default 500 ms on a terminal, 5 s otherwise. */
  progressEveryMs?: number;
  /** Worker thread count override (tests). */
  workerCount?: number;
  /** Environment for --api-key-env (default process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * `llmwb run`: validates every flag at once, checks the endpoint, runs, prints a live progress
 * line and a summary table. Exit codes: 0 done (at least one request succeeded and every --slo
 * threshold passed), 99 an --slo threshold failed (the run itself worked), 1 the run or
 * the endpoint failed, 2 bad input, 130 interrupted (what was measured is still printed).
 * Nothing is written (no run folder, no index entry, no --json file) unless the run started;
 * --json is written only when the run completed.
 */
export async function runCommand(argv: string[], io: CliIo, deps: RunCommandDeps): Promise<number> {
  let parsed: RunOptions;
  try {
    parsed = parseRunOptions(argv, { dataDir: deps.defaultDataDir, ...(deps.env ? { env: deps.env } : {}) });
  } catch (error) {
    return reportError(io, error);
  }
  const bus = new EventBus();
  const apiKey = parsed.apiKey;
  const runsRepo = lazyRunsRepo(() => deps.openRunsRepo(parsed.dataDir, (notice) => io.err(`note: ${notice}`)));
  const scrape = watchServerScrape({ bus, runsRepo, runsDir: join(parsed.dataDir, 'runs') });
  const serverTokens = countServerTokens({ url: parsed.plan.url, apiKey: apiKey?.value }, preflightEndpoint);
  const service = createRunService({
    runsDir: join(parsed.dataDir, 'runs'),
    runsRepo,
    bus,
    workerEntry: deps.workerEntry,
    preflight: serverTokens.preflight,
    // Said at once, not after the ~1 s the stop takes: the progress line may still be moving.
    onWriteFailure: (_runId, failure) => {
      deps.tty?.write('\r\x1b[K');
      io.err(`llmwb run: ${failure.message}; stopping the run and keeping what was written…`);
    },
    ...(deps.workerCount === undefined ? {} : { workerCount: deps.workerCount }),
    ...(apiKey ? { secrets: { get: async (secretId: string) => (secretId === apiKey.secretId ? apiKey.value : undefined) } } : {}),
  });
  const progress = createProgressPrinter(io, deps, boundLabel(parsed.plan));
  const offProgress = bus.on('run.progress', (event) => progress.update(event));
  let runId: string;
  try {
    ({ runId } = await service.start(parsed.plan));
  } catch (error) {
    offProgress();
    scrape.close();
    return reportError(io, error);
  }
  let interrupted = false;
  const offInterrupt = (deps.onInterrupt ?? onSigint)(() => {
    interrupted = true;
    progress.clear();
    io.err('Stopping: cancelling requests in flight…');
    void service.stop(runId);
  });
  const finished = await service.whenFinished(runId);
  offInterrupt();
  offProgress();
  progress.clear();
  printServerView(io, { scrape: await scrape.stopped(runId), tokens: await serverTokens.stop(), summary: finished.summary });
  scrape.close();
  return reportFinished({ io, finished, interrupted, jsonPath: parsed.jsonPath, exportDir: parsed.exportDir, runFolder: join(parsed.dataDir, 'runs', runId) });
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

/** Opens the index on first use, so a run rejected before it starts leaves no index file behind. */
function lazyRunsRepo(open: () => Promise<RunsRepo>): RunsRepo {
  let opened: Promise<RunsRepo> | undefined;
  const repo = (): Promise<RunsRepo> => (opened ??= open());
  return {
    insert: async (record) => (await repo()).insert(record),
    update: async (id, patch) => (await repo()).update(id, patch),
    get: async (id) => (await repo()).get(id),
    list: async (filter) => (await repo()).list(filter),
  };
}

/**
 * The server's own view during the run (/metrics and /slots, once a second) goes to
 * server.jsonl beside the load, as in the app. Resolves with the scrape's summary once its
 * last sample is on disk, or null when the server gave nothing within a few seconds.
 */
function watchServerScrape(deps: { bus: EventBus; runsRepo: RunsRepo; runsDir: string }) {
  const waiters = new Map<string, (summary: ServerScrapeSummary | null) => void>();
  const done = new Map<string, ServerScrapeSummary | null>();
  const close = bridgeServerScrape({
    ...deps,
    onStopped: (runId, summary) => {
      done.set(runId, summary);
      waiters.get(runId)?.(summary);
    },
  });
  return {
    close,
    stopped(runId: string): Promise<ServerScrapeSummary | null> {
      if (done.has(runId)) return Promise.resolve(done.get(runId) ?? null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 5000);
        waiters.set(runId, (summary) => {
          clearTimeout(timer);
          resolve(summary);
        });
      });
    },
  };
}

/**
 * The server's side of the run: its scrape summary, and the client's tokens of the whole run
 * against the server's own counter, read just before the run's first request and again once the
 * server had released its last one (token-counter.ts); that line is left out when the server
 * exposes no counter or restarted.
 */
function printServerView(io: CliIo, view: { scrape: ServerScrapeSummary | null; tokens: ServerTokenCount | null; summary: RunSummary | undefined }): void {
  if (view.scrape) io.out(formatServerLine(view.scrape));
  if (view.tokens && view.summary?.runOutputTokens) io.out(formatTokenReconciliation(view.summary.runOutputTokens, view.tokens));
}

function formatServerLine(summary: ServerScrapeSummary): string {
  const percent = (ratio: number | null) => (ratio === null ? 'n/a' : `${Math.round(ratio * 100)} %`);
  const parts = [`${summary.samples} scrapes of ${summary.kind}`, `slot use max ${percent(summary.maxSlotUse)}`, `deferred max ${summary.maxWaiting ?? 'n/a'}`, `KV cache max ${percent(summary.maxKvCacheUsage)}`];
  return [`Server      ${parts.join(', ')} (server.jsonl)`, ...summary.notes.map((note) => `            ${note}`)].join('\n');
}
