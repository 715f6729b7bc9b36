import type { Handlers } from '../../../src-shared/contract';
import type { BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import type { RunRow } from '../../../src-shared/schemas/run-row';
import { compareBenchRuns } from './compare/compare-runs';
import { comparisonToMarkdown } from './compare/comparison-markdown';
import { linkBenchToServer, serverDecodeFacts } from './links/server-links';
import { buildBenchArgv } from './plan/bench-argv';
import { assumptionsFromResults, estimateBench } from './plan/bench-estimate';
import { validateBenchPlan } from './plan/bench-plan';
import { createBenchRunner, earlierResults, type BenchServiceDeps } from './runner/bench-service';
import { listBenchRuns, loadBenchRun, loadBenchRunsToCompare } from './runs/bench-run-store';
import { importBenchText } from './runs/import-bench';
import { createImportUploads } from './runs/import-upload';

type BenchOperation = 'bench.plan' | 'bench.run' | 'bench.cancel' | 'bench.list' | 'bench.get' | 'bench.importPart' | 'bench.import' | 'bench.compare' | 'bench.links';

export interface BenchHandlerDeps extends BenchServiceDeps {
  /** The server runs of a workspace, for bench.links. */
  runsRepo: { list(filter: { workspaceId?: string }): Promise<RunRow[]> };
}

/**
 * The bench domain as the contract exposes it: plans checked and estimated, llama-bench run on
 * workspace hosts, imports, comparisons and the link to server runs. Inputs arrive parsed at the
 * door; the logic lives in plan/, runner/, runs/, compare/ and links/.
 */
export function createBenchService(deps: BenchHandlerDeps) {
  const runner = createBenchRunner(deps);
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

  return { handlers, close: () => runner.close() };
}
