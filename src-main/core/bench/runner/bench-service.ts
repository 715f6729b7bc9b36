import type { BenchPlanInput } from '../../../../src-shared/schemas/bench-plan';
import type { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import type { EventBus } from '../../events';
import type { HostLease } from '../../host-service/host-lease';
import type { HostService } from '../../host-service/host-service';
import { listBenchRuns, loadBenchRun } from '../runs/bench-run-store';
import { prepareBench } from './prepare-bench';
import { startBench, type BenchRunHandle } from './run-bench';

export interface BenchServiceDeps {
  dataDir: string;
  bus: EventBus;
  /** The workspace hosts: their shared sessions and the per-host lease a bench holds while it runs. */
  hosts: Pick<HostService, 'lease' | 'session'>;
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
 * Runs llama-bench on workspace hosts over the workspace's own session. A bench is an
 * experiment: it holds the host's lease from before anything runs until it ends, so a second
 * bench or a run recording telemetry on that host is refused with host_busy (two would share
 * its cores and spoil both). Everything that can be wrong is reported before anything runs;
 * progress and the end are published as `bench.progress` and `bench.finished`.
 */
export function createBenchRunner(deps: BenchServiceDeps) {
  const active = new Map<string, { handle: BenchRunHandle; workspaceId: string }>();

  async function start(input: StartBenchInput): Promise<BenchRunMeta> {
    const lease = await deps.hosts.lease(input.workspaceId, input.label === undefined ? 'a llama-bench run' : `llama-bench “${input.label}”`);
    try {
      const host = await deps.hosts.session(input.workspaceId);
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
      lease.describe(`llama-bench “${handle.meta().label}”`);
      active.set(handle.id, { handle, workspaceId: input.workspaceId });
      void handle.done.then((meta) => finish(meta, lease));
      return handle.meta();
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  function finish(meta: BenchRunMeta, lease: HostLease): void {
    active.delete(meta.id);
    lease.release();
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

/** Results of the workspace's latest stored runs, for an estimate measured on the same host. */
export async function earlierResults(dataDir: string, workspaceId: string | undefined): Promise<BenchResult[]> {
  if (workspaceId === undefined) return [];
  const metas = (await listBenchRuns(dataDir)).filter((meta) => meta.workspaceId === workspaceId && meta.resultCount > 0).slice(-10);
  const loaded = await Promise.all(metas.map((meta) => loadBenchRun(dataDir, meta.id).catch(() => null)));
  return loaded.flatMap((run) => run?.results ?? []);
}
