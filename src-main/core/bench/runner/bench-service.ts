import { AppError, toAppError } from '../../../../src-shared/errors';
import type { BenchPlanInput } from '../../../../src-shared/schemas/bench-plan';
import type { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import type { HostSpec } from '../../../../src-shared/schemas/host';
import type { Workspace } from '../../../../src-shared/schemas/workspace';
import type { EventBus } from '../../events';
import { knownHostsPath } from '../../host-service/host-service';
import type { HostSession } from '../../hosts/host-session';
import { createKnownHostsFile } from '../../hosts/known-hosts';
import { openHostSession } from '../../hosts/open-host';
import type { Secrets } from '../../store/secrets';
import { listBenchRuns, loadBenchRun } from '../runs/bench-run-store';
import { prepareBench } from './prepare-bench';
import { startBench, type BenchRunHandle } from './run-bench';

export interface BenchServiceDeps {
  dataDir: string;
  bus: EventBus;
  workspaces: { get(workspaceId: string): Promise<Workspace> };
  secrets: Secrets;
  /** Opens a session to the workspace's host; by default a new SSH (or local) session of its own. */
  openHost?: (workspace: Workspace) => Promise<HostSession>;
  /** Wait between TERM and KILL when cancelling (ms); tests shorten it. */
  graceMs?: number;
}

export interface StartBenchInput {
  workspaceId: string;
  plan: BenchPlanInput;
  label?: string;
  benchPath?: string;
}

/**
 * Runs llama-bench on workspace hosts, one bench per host at a time (two would share its cores
 * and spoil both), each over a session of its own that closes when the bench ends. Everything
 * that can be wrong is reported before anything runs; progress and the end are published as
 * `bench.progress` and `bench.finished`.
 */
export function createBenchRunner(deps: BenchServiceDeps) {
  const active = new Map<string, { handle: BenchRunHandle; workspaceId: string }>();
  const openHost = deps.openHost ?? ((workspace: Workspace) => openWorkspaceHost(workspace, deps));

  async function start(input: StartBenchInput): Promise<BenchRunMeta> {
    const busy = [...active.values()].find((run) => run.workspaceId === input.workspaceId);
    if (busy !== undefined) {
      throw new AppError('conflict', `a bench is already running on this host (${busy.handle.meta().label})`, { hint: 'Wait for it to finish or cancel it: two benches on one host spoil each other’s numbers.' });
    }
    const workspace = await deps.workspaces.get(input.workspaceId);
    const host = await openHost(workspace);
    try {
      const prepared = await prepareBench({ host, plan: input.plan, ...(input.benchPath === undefined ? {} : { benchPath: input.benchPath }), earlierResults: await earlierResults(deps.dataDir, input.workspaceId) });
      const handle = await startBench({
        host,
        dataDir: deps.dataDir,
        prepared,
        workspaceId: input.workspaceId,
        ...(input.label === undefined ? {} : { label: input.label }),
        ...(deps.graceMs === undefined ? {} : { graceMs: deps.graceMs }),
        onProgress: (progress) => deps.bus.emit('bench.progress', progress),
      });
      active.set(handle.id, { handle, workspaceId: input.workspaceId });
      void handle.done.then((meta) => finish(meta, host));
      return handle.meta();
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  async function finish(meta: BenchRunMeta, host: HostSession): Promise<void> {
    active.delete(meta.id);
    await host.close().catch(() => undefined);
    deps.bus.emit('bench.finished', { benchRunId: meta.id, status: meta.run?.status ?? 'completed', resultCount: meta.resultCount, ...(meta.run?.error ? { error: meta.run.error } : {}) });
  }

  return {
    start,
    async cancel(benchRunId: string): Promise<boolean> {
      const run = active.get(benchRunId);
      if (run === undefined) return false;
      await run.handle.cancel();
      return true;
    },
    /** The live handle of a running bench, if it runs in this process. */
    live: (benchRunId: string): BenchRunHandle | undefined => active.get(benchRunId)?.handle,
    /** Cancels every running bench (on shutdown), so none is left running on a host. */
    async close(): Promise<void> {
      await Promise.all([...active.values()].map((run) => run.handle.cancel().catch(() => undefined)));
    },
  };
}
export type BenchRunner = ReturnType<typeof createBenchRunner>;

async function openWorkspaceHost(workspace: Workspace, deps: Pick<BenchServiceDeps, 'dataDir' | 'secrets'>): Promise<HostSession> {
  const spec: HostSpec | undefined = workspace.host.spec;
  if (spec === undefined) {
    throw new AppError('invalid_input', `the host of “${workspace.name}” has no connection details yet`, { hint: 'Choose “this machine” or enter its SSH address, user and key on the Host page.' });
  }
  try {
    return await openHostSession(spec, { knownHosts: createKnownHostsFile(knownHostsPath(deps.dataDir, workspace.id)), secrets: deps.secrets });
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code !== 'host_key_unknown') throw appError;
    throw new AppError('host_key_unknown', appError.message, { hint: 'Connect to the host on the Host page once and accept its key; benches use the same known hosts.', details: appError.details });
  }
}

/** Results of the workspace's latest stored runs, for an estimate measured on the same host. */
export async function earlierResults(dataDir: string, workspaceId: string | undefined): Promise<BenchResult[]> {
  if (workspaceId === undefined) return [];
  const metas = (await listBenchRuns(dataDir)).filter((meta) => meta.workspaceId === workspaceId && meta.resultCount > 0).slice(-10);
  const loaded = await Promise.all(metas.map((meta) => loadBenchRun(dataDir, meta.id).catch(() => null)));
  return loaded.flatMap((run) => run?.results ?? []);
}
