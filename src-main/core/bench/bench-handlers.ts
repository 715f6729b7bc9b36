import type { Handlers } from '../../../src-shared/contract';
import type { BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import type { AdHocHost } from '../host-service/ad-hoc-host';
import type { RunRow } from '../../../src-shared/schemas/run-row';
import { compareBenchRuns } from './compare/compare-runs';
import { comparisonToMarkdown } from './compare/comparison-markdown';
import { linkBenchToServer, serverDecodeFacts } from './links/server-links';
import { buildBenchArgv } from './plan/bench-argv';
import { assumptionsFromResults, estimateBench } from './plan/bench-estimate';
import { validateBenchPlan } from './plan/bench-plan';
import { createBenchRunner, earlierResults, type BenchRunner, type BenchServiceDeps } from './runner/bench-service';
import { prepareBench, type PreparedBench } from './runner/prepare-bench';
import { startBench, type BenchRunHandle } from './runner/run-bench';
import { listBenchRuns, loadBenchRun, loadBenchRunsToCompare } from './runs/bench-run-store';
import { importBenchText } from './runs/import-bench';
import { createImportUploads } from './runs/import-upload';

type BenchOperation = 'bench.plan' | 'bench.run' | 'bench.cancel' | 'bench.list' | 'bench.get' | 'bench.importPart' | 'bench.import' | 'bench.compare' | 'bench.links';

export interface BenchHandlerDeps extends BenchServiceDeps {
  /** The server runs of a workspace, for bench.links. */
  runsRepo: { list(filter: { workspaceId?: string }): Promise<RunRow[]> };
}

/** A bench on a host no workspace holds (`llmwb bench --host …`). */
export interface AdHocBenchInput {
  host: AdHocHost;
  /** The plan as the command line gave it (checked by prepareBench, every problem at once). */
  plan: unknown;
  label?: string;
  benchPath?: string;
  /** Told what was found (binary, estimate, warnings) once every check passed, before llama-bench starts. */
  onPrepared?: (prepared: PreparedBench) => void;
}

/**
 * Runs llama-bench on an ad-hoc host the way the runner runs it on a workspace's: the host's
 * lease is held from before the checks until the run ends (host_busy if another experiment in
 * this core holds it), progress and the end go out as `bench.progress` and `bench.finished`, and
 * the run is stored in the data folder's bench store. The run belongs to no workspace.
 */
function createAdHocBenchRunner(deps: BenchHandlerDeps) {
  const active = new Map<string, BenchRunHandle>();
  async function start(input: AdHocBenchInput): Promise<BenchRunMeta> {
    const lease = input.host.lease(input.label === undefined ? 'a llama-bench run' : `llama-bench “${input.label}”`);
    try {
      const prepared = await prepareBench({ host: input.host.session, plan: input.plan, ...(input.benchPath === undefined ? {} : { benchPath: input.benchPath }) });
      input.onPrepared?.(prepared);
      const handle = await startBench({
        host: input.host.session,
        dataDir: deps.dataDir,
        prepared,
        ...(input.label === undefined ? {} : { label: input.label }),
        ...(deps.graceMs === undefined ? {} : { graceMs: deps.graceMs }),
        onProgress: (progress) => deps.bus.emit('bench.progress', progress),
      });
      lease.describe(`llama-bench “${handle.meta().label}”`);
      active.set(handle.id, handle);
      void handle.done.then((meta) => {
        active.delete(meta.id);
        lease.release();
        deps.bus.emit('bench.finished', { benchRunId: meta.id, status: meta.run?.status ?? 'completed', resultCount: meta.resultCount, ...(meta.run?.error ? { error: meta.run.error } : {}) });
      });
      return handle.meta();
    } catch (error) {
      lease.release();
      throw error;
    }
  }
  return {
    start,
    live: (benchRunId: string): BenchRunHandle | undefined => active.get(benchRunId),
    close: () => Promise.all([...active.values()].map((handle) => handle.cancel().catch(() => undefined))),
  };
}

/** The workspace runner, with bench.get, bench.cancel and close reaching ad-hoc runs too. */
function withAdHocRuns(workspaceRunner: BenchRunner, adHoc: ReturnType<typeof createAdHocBenchRunner>) {
  return {
    start: workspaceRunner.start,
    live: (benchRunId: string) => workspaceRunner.live(benchRunId) ?? adHoc.live(benchRunId),
    async cancel(benchRunId: string): Promise<boolean> {
      if (await workspaceRunner.cancel(benchRunId)) return true;
      const handle = adHoc.live(benchRunId);
      if (handle === undefined) return false;
      await handle.cancel();
      return true;
    },
    close: async () => {
      await Promise.all([workspaceRunner.close(), adHoc.close()]);
    },
  };
}

/**
 * The bench domain as the contract exposes it: plans checked and estimated, llama-bench run on
 * workspace hosts, imports, comparisons and the link to server runs. Inputs arrive parsed at the
 * door; the logic lives in plan/, runner/, runs/, compare/ and links/.
 */
export function createBenchService(deps: BenchHandlerDeps) {
  const adHoc = createAdHocBenchRunner(deps);
  const runner = withAdHocRuns(createBenchRunner(deps), adHoc);
  const uploads = createImportUploads();

  /** A stored meta as it stands now: the live one while running here, "interrupted" if its runner is gone. */
  const current = (meta: BenchRunMeta): BenchRunMeta => {
    const live = runner.live(meta.id);
    if (live !== undefined) return live.meta();
    return meta.run?.status === 'running' ? { ...meta, run: { ...meta.run, status: 'interrupted' } } : meta;
  };

  const handlers: Pick<Handlers, BenchOperation> = {
    'bench.plan': async ({ plan, workspaceId }) => {
      const outcome = validateBenchPlan(plan);
      if (!outcome.ok) return { ok: false, problems: outcome.problems };
      const assumptions = assumptionsFromResults((await earlierResults(deps.dataDir, workspaceId)).filter((r) => r.modelFilename !== null && outcome.plan.models.includes(r.modelFilename)));
      return { ok: true, warnings: outcome.warnings, estimate: estimateBench(outcome.plan, assumptions), argv: buildBenchArgv(outcome.plan, { withProgress: true }) };
    },
    'bench.run': (input) => runner.start(input),
    'bench.cancel': async ({ benchRunId }) => ({ cancelled: await runner.cancel(benchRunId) }),
    'bench.list': async ({ workspaceId }) => {
      const metas = await listBenchRuns(deps.dataDir);
      return metas.filter((meta) => workspaceId === undefined || meta.workspaceId === workspaceId).map(current);
    },
    'bench.get': async ({ benchRunId }) => {
      const live = runner.live(benchRunId);
      if (live !== undefined) return { meta: live.meta(), results: [...live.results()], live: live.live() };
      const { meta, results } = await loadBenchRun(deps.dataDir, benchRunId);
      return { meta: current(meta), results, live: null };
    },
    'bench.importPart': async (part) => uploads.append(part),
    // The contract lets exactly one of text and uploadId through.
    'bench.import': async ({ text, uploadId, sourceName, label, format, workspaceId }) =>
      importBenchText(text ?? uploads.take(uploadId ?? ''), { dataDir: deps.dataDir, sourceName, format, ...(label === undefined ? {} : { label }), ...(workspaceId === undefined ? {} : { workspaceId }) }),
    'bench.compare': async ({ runIds, baselineRunId, alpha }) => {
      const runs = await loadBenchRunsToCompare(deps.dataDir, runIds);
      const comparison = compareBenchRuns(runs, { ...(baselineRunId === undefined ? {} : { baselineRunId }), ...(alpha === undefined ? {} : { alpha }) });
      return { comparison, markdown: comparisonToMarkdown(comparison) };
    },
    'bench.links': async ({ benchRunId }) => {
      const { meta, results } = await loadBenchRun(deps.dataDir, benchRunId);
      if (meta.workspaceId === undefined) {
        return { links: [], notes: ['This run belongs to no workspace, so there are no server runs to set it beside. Import it with a workspace chosen, or run it on a workspace’s host.'] };
      }
      const rows = await deps.runsRepo.list({ workspaceId: meta.workspaceId });
      const serverRuns = rows.map(serverDecodeFacts).filter((facts) => facts !== null);
      return linkBenchToServer({ results, server: meta.run?.server ?? null, serverRuns });
    },
  };

  // runOnHost: llama-bench on a host outside any workspace (createAdHocBenchRunner).
  return { handlers, runOnHost: adHoc.start, close: () => runner.close() };
}
