import { join } from 'node:path';
import type { DiagnosisGoal } from '../../../src-shared/schemas/diagnosis';
import { RequestRecord } from '../../../src-shared/schemas/request-record';
import type { RunPlanInput } from '../../../src-shared/schemas/run-plan';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { ServerSample } from '../../../src-shared/schemas/server-sample';
import { TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import type { RunStarter } from '../runs/run-host-lease';
import { runFiles } from '../store/run-folder';
import { followJsonl } from '../store/jsonl-follow';
import { readJsonlFile } from '../store/jsonl-read';

/** Where a diagnosis sends its load: the endpoint of a workspace (so probes are runs in its History) or a bare URL. */
export interface ProbeTarget {
  url: string;
  workspaceId?: string | undefined;
  endpointId?: string | undefined;
  apiKeySecretId?: string | undefined;
  /** Record the workspace host's telemetry with every probe (connecting it if needed): the rules need the cores and the server process. */
  withTelemetry?: boolean;
}

/** One probe: this many closed-loop users, until this many requests finished or the time cap. */
export interface ProbeSize {
  users: number;
  requests: number;
  maxDurationS: number;
}

/** A finished probe with everything recorded beside its load (its run folder's files). */
export interface ProbeRecordings {
  record: RunRecord;
  /** Requests after each user's first (the first request per slot is warm-up, diagnosis-rules.md §0.4). */
  requests: RequestRecord[];
  server: ServerSample[];
  telemetry: TelemetrySample[];
}

/**
 * The run plan of one probe: the goal's workload and SLO at `users` closed-loop users, bounded by
 * request count and time, recording the host's telemetry when a host is connected.
 */
export function probePlan(target: ProbeTarget, goal: DiagnosisGoal, size: ProbeSize): RunPlanInput {
  const { workload } = goal;
  return {
    url: target.url,
    ...(target.workspaceId === undefined ? {} : { workspaceId: target.workspaceId }),
    ...(target.endpointId === undefined ? {} : { endpointId: target.endpointId }),
    ...(target.apiKeySecretId === undefined ? {} : { apiKeySecretId: target.apiKeySecretId }),
    ...(target.withTelemetry === undefined ? {} : { withTelemetry: target.withTelemetry }),
    load: { kind: 'closed', virtualUsers: size.users },
    // Each user's first request is warm-up and is left out afterwards: ask for them on top.
    requestCount: size.requests + size.users,
    durationS: size.maxDurationS,
    maxTokens: workload.maxTokens,
    ignoreEos: workload.ignoreEos,
    prompt: workload.prompt,
    ...(workload.dataset === undefined ? {} : { dataset: workload.dataset }),
    slo: goal.slo,
  };
}

/** Drops each virtual user's first request: the slot's first prompt and the connection's set-up are warm-up. */
export function steadyRequests(records: readonly RequestRecord[]): RequestRecord[] {
  const firstOf = new Map<number, RequestRecord>();
  for (const record of records) {
    const first = firstOf.get(record.vu);
    if (first === undefined || record.scheduledMs < first.scheduledMs) firstOf.set(record.vu, record);
  }
  const warmups = new Set(firstOf.values());
  return records.filter((record) => !warmups.has(record) && record.phase !== 'warmup');
}

async function readLines<T>(path: string, parse: (value: unknown) => T | undefined): Promise<T[]> {
  return (await readJsonlFile(path, parse)).records;
}

const accept =
  <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }) =>
  (value: unknown): T | undefined => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };

/** The runs API a probe uses (core.runs). */
export type ProbeRuns = Pick<RunStarter, 'start'> & {
  whenFinished(runId: string): Promise<unknown>;
  stop(runId: string): Promise<{ stopped: boolean }>;
  get(runId: string): Promise<{ record: RunRecord }>;
};

export interface ProbeWatch {
  /**
   * Called with the probe's steady requests so far, about once a second while it runs: true
   * ends the probe there (tuning-loop.md §A3's sequential check: a probe stops as soon as its
   * verdict is certain, not at its request cap).
   */
  isDecided(requests: readonly RequestRecord[]): boolean;
  /** Ends the probe early (the diagnosis was cancelled): what it measured is kept. */
  signal?: AbortSignal;
  /** Milliseconds between looks; default 1,000. */
  intervalMs?: number;
}

/** Runs one probe as a normal run (it is in History like any other) and reads back what it recorded. */
export async function runProbe(deps: { runs: ProbeRuns; runsDir: string }, plan: RunPlanInput, watch?: ProbeWatch & { onStarted?: (runId: string) => void }): Promise<ProbeRecordings> {
  const { runId } = await deps.runs.start(plan);
  watch?.onStarted?.(runId);
  const dir = join(deps.runsDir, runId);
  const finished = deps.runs.whenFinished(runId);
  if (watch !== undefined) await watchProbe({ runs: deps.runs, runId, dir, finished }, watch);
  await finished;
  return readProbe(deps, runId);
}

/** A finished probe's run as the diagnosis reads it back (also when a resumed diagnosis needs an earlier probe). */
export async function readProbe(deps: { runs: Pick<ProbeRuns, 'get'>; runsDir: string }, runId: string): Promise<ProbeRecordings> {
  const dir = join(deps.runsDir, runId);
  const { record } = await deps.runs.get(runId);
  const [requests, server, telemetry] = await Promise.all([
    readLines(join(dir, runFiles.requests), accept(RequestRecord)),
    readLines(join(dir, runFiles.server), accept(ServerSample)),
    readLines(join(dir, runFiles.telemetry), accept(TelemetrySample)),
  ]);
  return { record, requests: steadyRequests(requests), server, telemetry };
}

/** Looks at the requests the run has written so far until the watch decides, the signal aborts, or the run ends. */
async function watchProbe(run: { runs: ProbeRuns; runId: string; dir: string; finished: Promise<unknown> }, watch: ProbeWatch): Promise<void> {
  let isOver = false;
  void run.finished.then(
    () => (isOver = true),
    () => (isOver = true),
  );
  const stop = (): void => void run.runs.stop(run.runId);
  watch.signal?.addEventListener('abort', stop, { once: true });
  if (watch.signal?.aborted === true) stop();
  // The requests written since the last look only: this runs on the thread that merges the run.
  const newRequests = followJsonl(join(run.dir, runFiles.requests), accept(RequestRecord));
  const sofar: RequestRecord[] = [];
  try {
    while (!isOver && watch.signal?.aborted !== true) {
      await Promise.race([run.finished.catch(() => undefined), new Promise((done) => setTimeout(done, watch.intervalMs ?? 1_000))]);
      if (isOver) return;
      sofar.push(...(await newRequests()));
      if (watch.isDecided(steadyRequests(sofar))) {
        await run.runs.stop(run.runId);
        return;
      }
    }
  } finally {
    watch.signal?.removeEventListener('abort', stop);
  }
}
