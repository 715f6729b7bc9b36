import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, formatZodIssues, toAppError } from '../../../src-shared/errors';
import { RunPlan, type RunPlanInput } from '../../../src-shared/schemas/run-plan';
import type { RecordedServerConfig } from '../../../src-shared/schemas/server-config';
import { SeriesPoint, type RunFinished, type RunRecord } from '../../../src-shared/schemas/run-result';
import type { RunRow } from '../../../src-shared/schemas/run-row';
import type { EventBus } from '../events';
import { startLoadgen, type LoadgenRun } from '../loadgen/pool';
import { newId } from '../store/ids';
import { readJsonlFile } from '../store/jsonl-read';
import { RunFolder, runFiles } from '../store/run-folder';
import { finishedFromRecord, finishRun, notEnoughSpaceToStart } from './run-finish';
import { prepareRun, type RunInputDeps } from './run-inputs';
import type { RunsRepo } from './runs-repo';
import { houseClock } from '../clock';
import { requireRun } from './require-run';
import { prepareAttachments, type RunAttachment } from './run-attachments';

export interface RunServiceDeps extends RunInputDeps {
  /** Folder holding one sub-folder per run. */
  runsDir: string;
  runsRepo: RunsRepo;
  bus: EventBus;
  /** File Node runs as a load generator worker thread (see loadgen/worker-entry.ts). */
  workerEntry: string;
  /** Overrides the worker thread count (tests use it to exercise the merge). */
  workerCount?: number;
  /** What every run records beside its load (host telemetry, the server's scrape and token counter). */
  attachments?: readonly RunAttachment[];
  /**
   * Told at once when a live run's folder stops taking writes (disk full, read-only); the run
   * is then stopping, and its run.finished follows within about a second with the same cause.
   */
  onWriteFailure?(runId: string, failure: AppError): void;
}

/** Per run, beside the service's own attachments: a host session opened for one command, say. */
export interface StartOptions {
  attachments?: readonly RunAttachment[];
}

export interface RunService {
  /**
   * Validates, checks the endpoint, prepares the attachments, then starts the load; progress
   * arrives as run.progress events.
   */
  start(input: RunPlanInput, options?: StartOptions): Promise<{ runId: string }>;
  /** Stops a live run (within a second) and resolves once its summary is saved; false if it had already ended. */
  stop(runId: string): Promise<{ stopped: boolean }>;
  /** `notices` says what could not be read back (unreadable lines of series.jsonl), when anything. */
  get(runId: string): Promise<{ record: RunRecord; series: SeriesPoint[]; notices?: string[] }>;
  list(filter?: { workspaceId?: string }): Promise<RunRow[]>;
  /** Resolves with the run.finished payload once the run has ended and been saved. */
  whenFinished(runId: string): Promise<RunFinished>;
  /** Stops every live run (on shutdown). */
  stopAll(): Promise<void>;
}

interface LiveRun {
  loadgen: LoadgenRun;
  finished: Promise<RunFinished>;
}

/**
 * Runs a plan end to end: validation and an endpoint check first (so a bad plan or URL
 * leaves no folder and no index row), then the run folder (plan.json), the index record
 * (status running), the attachments (host telemetry, server scrape, token counter), the load
 * generator with requests and series appended as they arrive, and at the end the attachments'
 * parts, summary.json (written once, last) and the final record, then run.finished.
 */
export function createRunService(deps: RunServiceDeps): RunService {
  const live = new Map<string, LiveRun>();

  const service: RunService = {
    start: (input, options = {}) => startRun(deps, live, { input, options }),

    async stop(runId) {
      const run = live.get(runId);
      if (!run) {
        await requireRun(deps.runsRepo, runId);
        return { stopped: false };
      }
      run.loadgen.stop();
      await run.finished;
      return { stopped: true };
    },

    async get(runId) {
      const record = await requireRun(deps.runsRepo, runId);
      const series = await readJsonlFile(join(deps.runsDir, runId, runFiles.series), (line) => {
        const parsed = SeriesPoint.safeParse(line);
        return parsed.success ? parsed.data : undefined;
      });
      return { record, series: series.records, ...(series.notice === undefined ? {} : { notices: [series.notice] }) };
    },

    list: (filter = {}) => deps.runsRepo.list(filter),

    async whenFinished(runId) {
      const run = live.get(runId);
      if (run) return run.finished;
      return finishedFromRecord(await requireRun(deps.runsRepo, runId));
    },

    async stopAll() {
      await Promise.all([...live.keys()].map((runId) => service.stop(runId)));
    },
  };
  return service;
}

async function startRun(deps: RunServiceDeps, live: Map<string, LiveRun>, request: { input: RunPlanInput; options: StartOptions }): Promise<{ runId: string }> {
  const plan = parsePlan(request.input);
  const prepared = await prepareRun(plan, deps);
  const runPlan = prepared.plan;
  const runId = newId();
  const { folder, record } = await createFolder(deps, { runId, plan: runPlan, serverConfig: prepared.serverConfig });
  // Before the load: what they record covers the run from before its first request.
  const attached = await prepareAttachments([...(deps.attachments ?? []), ...(request.options.attachments ?? [])], {
    runId,
    record,
    folder,
    ...(prepared.apiKey === undefined ? {} : { apiKey: prepared.apiKey }),
  });
  const loadgen = startLoadgen({
    runId,
    plan: runPlan,
    workerEntry: deps.workerEntry,
    ...(deps.workerCount === undefined ? {} : { workerCount: deps.workerCount }),
    ...(prepared.prompts === undefined ? {} : { prompts: prepared.prompts }),
    ...(prepared.apiKey === undefined ? {} : { apiKey: prepared.apiKey }),
    sink: {
      started: (runStartMs) => attached.begin(runStartMs),
      records: (records) => folder.append('requests', records),
      series: (points) => folder.append('series', points),
      progress: (progress) => deps.bus.emit('run.progress', progress),
    },
  });
  // The first failed write stops the run at once: nothing measured after it could be kept.
  folder.onFailure((failure) => {
    loadgen.stop();
    deps.onWriteFailure?.(runId, failure);
  });
  const finished = finishRun({ runsRepo: deps.runsRepo, bus: deps.bus, runId, folder, loadgen, attached }).then((payload) => {
    live.delete(runId);
    return payload;
  });
  live.set(runId, { loadgen, finished });
  return { runId };
}

function parsePlan(input: RunPlanInput): RunPlan {
  const parsed = RunPlan.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', formatZodIssues(parsed.error), { details: parsed.error.issues });
  return parsed.data;
}

/** Folder, plan.json, the reserve and the index row; on failure nothing of the run is left behind. */
async function createFolder(deps: RunServiceDeps, { runId, plan, serverConfig }: { runId: string; plan: RunPlan; serverConfig: RecordedServerConfig }): Promise<{ folder: RunFolder; record: RunRecord }> {
  const folder = await RunFolder.create(deps.runsDir, runId);
  try {
    await folder.writeJson('plan', plan);
    await folder.reserve().catch((error: unknown) => {
      throw notEnoughSpaceToStart(toAppError(error), dirname(deps.runsDir));
    });
    const record: RunRecord = { id: runId, url: plan.url, startedAt: houseClock(), status: 'running', plan, serverConfig };
    if (plan.workspaceId !== undefined) record.workspaceId = plan.workspaceId;
    if (plan.endpointId !== undefined) record.endpointId = plan.endpointId;
    await deps.runsRepo.insert(record);
    return { folder, record };
  } catch (error) {
    await rm(folder.dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
