import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import { formatDurationS, parseDurationS } from '../../../src-shared/metrics/duration';
import { formatProgressLine, formatSummaryTable } from '../../../src-shared/metrics/summary-table';
import { RunPlan, type RunPlanInput } from '../../../src-shared/schemas/run-plan';
import type { RunFinished, RunProgress, RunSummary } from '../../../src-shared/schemas/run-result';
import { EventBus } from '../../core/events';
import { createRunService } from '../../core/runs/run-service';
import type { RunsRepo } from '../../core/runs/runs-repo';
import { lastValue, parseArgs, type CliIo } from '../args';

export const runUsage = 'llmwb run --url URL --concurrency N (--duration 30s | --requests N) [--max-tokens N] [--prompt TEXT] [--ignore-eos] [--json FILE] [--data-dir DIR]';
export const runSummaryText = 'Load an OpenAI-compatible chat server with N virtual users and print TTFT, ITL, E2E and throughput';

export interface RunCommandDeps {
  /** File Node runs as a load generator worker (defaultWorkerEntry() in the Node shells). */
  workerEntry: string;
  /** Data folder when --data-dir is not given. */
  defaultDataDir: string;
  /** Opens the runs index of a data folder; called only after the plan and the endpoint passed their checks. */
  openRunsRepo(dataDir: string): Promise<RunsRepo>;
  /** Calls `stop` on the user's interrupt (Ctrl+C); returns the unsubscribe. Default: process SIGINT. */
  onInterrupt?(stop: () => void): () => void;
  /** Present when progress goes to a terminal: the line is then redrawn in place. */
  tty?: { write(text: string): void };
  /** How often a progress line is drawn: default 500 ms on a terminal, 5 s otherwise. */
  progressEveryMs?: number;
  /** Worker thread count override (tests). */
  workerCount?: number;
}

const flagOfPath: Record<string, string> = {
  url: '--url',
  'load.virtualUsers': '--concurrency',
  'load.kind': '--concurrency',
  durationS: '--duration',
  requestCount: '--requests',
  maxTokens: '--max-tokens',
  prompt: '--prompt',
};

/**
 * `llmwb run`: validates every flag at once, checks the endpoint, runs, prints a live progress
 * line and a summary table. Exit codes: 0 done (at least one request succeeded), 1 the run or
 * the endpoint failed, 2 bad input, 130 interrupted (what was measured is still printed).
 * Nothing is written (no run folder, no index entry, no --json file) unless the run started;
 * --json is written only when the run completed.
 */
export async function runCommand(argv: string[], io: CliIo, deps: RunCommandDeps): Promise<number> {
  let parsed: { plan: RunPlan; jsonPath: string | undefined; dataDir: string };
  try {
    parsed = parseRunArgs(argv, deps);
  } catch (error) {
    return reportError(io, error);
  }
  const bus = new EventBus();
  const service = createRunService({
    runsDir: join(parsed.dataDir, 'runs'),
    runsRepo: lazyRunsRepo(() => deps.openRunsRepo(parsed.dataDir)),
    bus,
    workerEntry: deps.workerEntry,
    ...(deps.workerCount === undefined ? {} : { workerCount: deps.workerCount }),
  });
  const progress = createProgressPrinter(io, deps, boundLabel(parsed.plan));
  const offProgress = bus.on('run.progress', (event) => progress.update(event));
  let runId: string;
  try {
    ({ runId } = await service.start(parsed.plan));
  } catch (error) {
    offProgress();
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
  return reportFinished({ io, finished, interrupted, jsonPath: parsed.jsonPath, runFolder: join(parsed.dataDir, 'runs', runId) });
}

function parseRunArgs(argv: string[], deps: RunCommandDeps): { plan: RunPlan; jsonPath: string | undefined; dataDir: string } {
  const args = parseArgs(argv, {
    options: ['url', 'concurrency', 'duration', 'requests', 'max-tokens', 'prompt', 'json', 'data-dir'],
    booleans: ['ignore-eos'],
    aliases: { '-c': 'concurrency', '-d': 'duration', '-n': 'requests' },
  });
  const problems: string[] = [];
  const value = (name: string): string | undefined => lastValue(args, name);
  const numberOf = (name: string): number | undefined => (value(name) === undefined ? undefined : Number(value(name)!.trim() || Number.NaN));
  if (value('url') === undefined) problems.push('--url is required (the server\'s base URL, such as http://127.0.0.1:8080)');
  if (value('concurrency') === undefined) problems.push('--concurrency is required (the number of virtual users)');
  if (value('duration') === undefined && value('requests') === undefined) problems.push('--duration or --requests is required (for example --duration 30s)');
  let durationS: number | undefined;
  if (value('duration') !== undefined) {
    durationS = parseDurationS(value('duration')!);
    if (durationS === undefined) problems.push(`--duration: "${value('duration')}" is not a duration; use a form such as 30s, 2m or 500ms`);
  }
  const input: RunPlanInput = {
    url: value('url') ?? '',
    load: { kind: 'closed', virtualUsers: numberOf('concurrency') ?? 1 },
    ...(durationS === undefined ? {} : { durationS }),
    ...(numberOf('requests') === undefined ? {} : { requestCount: numberOf('requests') }),
    ...(numberOf('max-tokens') === undefined ? {} : { maxTokens: numberOf('max-tokens') }),
    ...(value('prompt') === undefined ? {} : { prompt: value('prompt') }),
    ignoreEos: args.flags.has('ignore-eos'),
  };
  const jsonPath = value('json') === undefined ? undefined : resolve(value('json')!);
  if (jsonPath !== undefined && !existsSync(dirname(jsonPath))) problems.push(`--json: the folder ${dirname(jsonPath)} does not exist`);
  const plan = RunPlan.safeParse(input);
  if (!plan.success) problems.push(...planProblems(plan.error.issues, problems));
  if (problems.length > 0 || !plan.success) throw new AppError('invalid_input', problems.join('\n'));
  return { plan: plan.data, jsonPath, dataDir: resolve(value('data-dir') ?? deps.defaultDataDir) };
}

/** Zod issues as `--flag: message`, skipping flags already reported as missing or malformed. */
function planProblems(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, already: readonly string[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const flag = flagOfPath[issue.path.map(String).join('.')] ?? issue.path.map(String).join('.');
    if (already.some((line) => line.startsWith(flag)) || lines.some((line) => line.startsWith(flag))) continue;
    lines.push(`${flag}: ${issue.message}`);
  }
  return lines;
}

function boundLabel(plan: RunPlan): string {
  const parts: string[] = [];
  if (plan.durationS !== undefined) parts.push(`of ${formatDurationS(plan.durationS)}`);
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

async function reportFinished(context: { io: CliIo; finished: RunFinished; interrupted: boolean; jsonPath: string | undefined; runFolder: string }): Promise<number> {
  const { io, finished } = context;
  if (finished.summary) formatSummaryTable(finished.summary).forEach((line) => io.out(line));
  io.out('');
  io.out(`Run ${finished.runId} (${finished.status}) saved in ${context.runFolder}`);
  if (finished.status === 'failed') return reportError(io, AppError.fromWire(finished.error ?? { code: 'internal', message: 'the run failed' }));
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
  return 0;
}

async function writeJsonResult(path: string, summary: RunSummary, finished: RunFinished): Promise<void> {
  await writeFile(path, JSON.stringify({ runId: finished.runId, status: finished.status, ...summary }, null, 2) + '\n', 'utf8');
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
