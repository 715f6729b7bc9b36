import type { BenchLiveProgress } from '../../../../src-shared/contract/bench.contract';
import { toAppError } from '../../../../src-shared/errors';
import type { BenchResult, BenchRunMeta, BenchRunStatus } from '../../../../src-shared/schemas/bench-result';
import type { HostSession, StreamEnd } from '../../hosts/host-session';
import { parseBenchJsonl } from '../parsers/jsonl-parser';
import { parseProgressLine } from '../parsers/progress-parser';
import { newBenchRunId } from '../runs/bench-run-id';
import { benchFailure, refusedProgressFlag } from './bench-failure';
import { startBenchProcess, type BenchProcess } from './bench-process';
import { createBenchRunWriter, type BenchRunWriter } from './bench-run-writer';
import type { PreparedBench } from './prepare-bench';

/** Progress lines alone are passed on at most this often; results always go out at once. */
const progressEveryMs = 250;
const maxStderrLines = 400;

export interface StartBenchOptions {
  host: HostSession;
  dataDir: string;
  prepared: PreparedBench;
  label?: string;
  workspaceId?: string;
  /** Called for each result and (throttled) for progress lines. */
  onProgress?(progress: BenchLiveProgress): void;
  /** Wait between TERM and KILL when cancelling (ms). */
  graceMs?: number;
  nowMs?: () => number;
}

/** A bench running on a host. */
export interface BenchRunHandle {
  readonly id: string;
  meta(): BenchRunMeta;
  results(): readonly BenchResult[];
  live(): BenchLiveProgress;
  /** Resolves with the final meta once llama-bench is gone and every file is written. Never rejects. */
  readonly done: Promise<BenchRunMeta>;
  /** Ends llama-bench on the host; the results so far are kept and the run is `cancelled`. */
  cancel(): Promise<BenchRunMeta>;
}

/**
 * Runs a prepared llama-bench plan over a HostSession with `-o jsonl`: each stdout line is a
 * result the moment its test finishes, each `--progress` stderr line a step. Both are stored in
 * `<dataDir>/bench/<id>/` as they arrive and reported through `onProgress`. A build that refuses
 * `--progress` is run again without it. A non-zero exit becomes the run's error, with
 * llama-bench's own error lines in its message.
 */
export async function startBench(options: StartBenchOptions): Promise<BenchRunHandle> {
  const run = new BenchRun(options);
  await run.start();
  return run.handle();
}

class BenchRun {
  private readonly now: () => number;
  private readonly results: BenchResult[] = [];
  private readonly stderrLines: string[] = [];
  private current: BenchRunMeta;
  private writer: BenchRunWriter | null = null;
  private process: BenchProcess | null = null;
  private live: BenchLiveProgress;
  private lastProgressMs = 0;
  private stdoutBytes = 0;
  private isCancelled = false;
  // Set by start(), which always runs before handle().
  private done!: Promise<BenchRunMeta>;

  constructor(private readonly options: StartBenchOptions) {
    this.now = options.nowMs ?? Date.now;
    const { prepared } = options;
    const startedAt = this.now();
    const id = newBenchRunId(startedAt);
    this.current = {
      id,
      label: options.label ?? defaultLabel(prepared, options.host.label),
      importedAt: startedAt,
      source: { name: 'llama-bench', format: 'jsonl', bytes: 0 },
      resultCount: 0,
      warnings: [...prepared.warnings],
      ...(options.workspaceId === undefined ? {} : { workspaceId: options.workspaceId }),
      run: {
        host: options.host.label,
        binary: prepared.binary,
        binarySource: prepared.binarySource,
        argv: prepared.argv,
        status: 'running',
        startedAt,
        plannedTests: prepared.estimate.tests,
        server: prepared.server,
      },
    };
    this.live = { benchRunId: id, test: 0, totalTests: prepared.estimate.tests, step: null, resultCount: 0, elapsedS: 0 };
  }

  async start(): Promise<void> {
    this.writer = await createBenchRunWriter(this.options.dataDir, this.current);
    this.process = await this.spawn(this.options.prepared.argv);
    this.done = this.follow();
  }

  handle(): BenchRunHandle {
    return {
      id: this.current.id,
      meta: () => this.current,
      results: () => this.results,
      live: () => this.live,
      done: this.done,
      cancel: async () => {
        this.isCancelled = true;
        await this.process?.cancel();
        return this.done;
      },
    };
  }

  private spawn(argv: readonly string[]): Promise<BenchProcess> {
    return startBenchProcess(this.options.host, {
      binary: this.options.prepared.binary,
      args: argv,
      onStdoutLine: (line) => this.onStdout(line),
      onStderrLine: (line) => this.onStderr(line),
      ...(this.options.graceMs === undefined ? {} : { graceMs: this.options.graceMs }),
    });
  }

  /** Waits for llama-bench to end (retrying once without --progress if the build refused it), then settles the run. */
  private async follow(): Promise<BenchRunMeta> {
    let end = await this.process!.ended;
    if (!this.isCancelled && end.exitCode !== 0 && this.results.length === 0 && refusedProgressFlag(this.stderrLines)) {
      const argv = this.options.prepared.argv.filter((arg) => arg !== '--progress');
      this.current = { ...this.current, warnings: [...this.current.warnings, 'this llama-bench build has no --progress; progress is counted per result'], run: { ...this.current.run!, argv } };
      this.stderrLines.length = 0;
      try {
        this.process = await this.spawn(argv);
        end = await this.process.ended;
      } catch (error) {
        return this.settle('failed', toAppError(error).toWire());
      }
    }
    return this.settleFrom(end);
  }

  private settleFrom(end: StreamEnd): Promise<BenchRunMeta> {
    if (this.isCancelled) return this.settle('cancelled');
    if (end.reason === 'exited' && end.exitCode === 0) return this.settle('completed');
    const error = benchFailure({ host: this.options.host.label, end, stderrLines: this.stderrLines, argv: this.current.run!.argv });
    return this.settle('failed', error.toWire());
  }

  private async settle(status: BenchRunStatus, error?: NonNullable<BenchRunMeta['run']>['error']): Promise<BenchRunMeta> {
    this.current = {
      ...this.current,
      resultCount: this.results.length,
      source: { ...this.current.source, bytes: this.stdoutBytes },
      run: { ...this.current.run!, status, endedAt: this.now(), ...(error === undefined ? {} : { error }) },
    };
    this.writer!.writeMeta(this.current);
    try {
      await this.writer!.flush();
    } catch (writeError) {
      const reason = toAppError(writeError).message;
      this.current = { ...this.current, warnings: [...this.current.warnings, `some output could not be saved: ${reason}`] };
    }
    return this.current;
  }

  private onStdout(line: string): void {
    this.stdoutBytes += Buffer.byteLength(line, 'utf8') + 1;
    this.writer!.appendStdout(line);
    if (!line.trimStart().startsWith('{')) return;
    try {
      const [result] = parseBenchJsonl(line).results;
      if (result === undefined) return;
      this.results.push(result);
      this.writer!.addResult(result);
      this.current = { ...this.current, resultCount: this.results.length };
      this.report({ resultCount: this.results.length, result }, true);
    } catch (error) {
      this.current = { ...this.current, warnings: [...this.current.warnings, toAppError(error).message] };
    }
  }

  private onStderr(line: string): void {
    this.writer!.appendStderr(line);
    this.stderrLines.push(line);
    if (this.stderrLines.length > maxStderrLines) this.stderrLines.splice(0, this.stderrLines.length - maxStderrLines);
    const progress = parseProgressLine(line);
    if (progress === null) return;
    const isNewTest = progress.test !== this.live.test;
    this.report({ test: progress.test, totalTests: progress.totalTests, step: progress.step }, isNewTest);
  }

  private report(patch: Partial<BenchLiveProgress>, isUrgent: boolean): void {
    const nowMs = this.now();
    const { result: _previous, ...rest } = this.live;
    this.live = { ...rest, ...patch, elapsedS: Math.max(0, (nowMs - this.current.run!.startedAt) / 1000) };
    if (!isUrgent && nowMs - this.lastProgressMs < progressEveryMs) return;
    this.lastProgressMs = nowMs;
    this.options.onProgress?.(this.live);
  }
}

function defaultLabel(prepared: PreparedBench, host: string): string {
  const model = prepared.plan.models.map((path) => path.split('/').pop() ?? path).join(', ');
  return `${model} on ${host}`;
}
