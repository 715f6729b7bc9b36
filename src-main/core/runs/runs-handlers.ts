import { join } from 'node:path';
import type { Handlers } from '../../../src-shared/contract';
import type { HostService } from '../host-service/host-service';
import { readRunServerPage } from '../servers/run-server-samples';
import { runFiles } from '../store/run-folder';
import { compareSavedRuns } from './compare/compare-saved-runs';
import { requireRun } from './require-run';
import { exportSavedRun } from './run-export-op';
import { readRunRequestPoints } from './run-request-points';
import type { RunService } from './run-service';
import { readTelemetryPage } from './run-telemetry-read';
import type { RunsRepo } from './runs-repo';

type RunsOperation = Extract<keyof Handlers, `runs.${string}`>;

export interface RunsHandlersDeps {
  runs: RunService;
  /** runs.start behind the host lease (run-host-lease.ts). */
  startRun: Handlers['runs.start'];
  hosts: Pick<HostService, 'recorderOf'>;
  runsRepo: Pick<RunsRepo, 'get'>;
  runsDir: string;
  exportsDir: string;
}

/**
 * Every `runs.*` operation of the contract (runs, server and telemetry contracts), in one place.
 * Each one that reads a run folder first looks the run up with requireRun, so an id reaches a
 * path only once it is known to the index. Inputs are already parsed at the door.
 */
export function createRunsHandlers(deps: RunsHandlersDeps): Pick<Handlers, RunsOperation> {
  const { runs, runsRepo, runsDir } = deps;
  return {
    'runs.start': (plan) => deps.startRun(plan),
    'runs.stop': ({ runId }) => runs.stop(runId),
    'runs.list': (filter) => runs.list(filter),
    'runs.get': ({ runId }) => runs.get(runId),
    'runs.requests': async ({ runId, limit }) => {
      await requireRun(runsRepo, runId);
      return readRunRequestPoints({ runsDir, runId, limit });
    },
    'runs.server': async ({ runId, offset, limit }) => {
      await requireRun(runsRepo, runId);
      return readRunServerPage({ runsDir, runId, offset, limit });
    },
    'runs.telemetry': (input) => readRunTelemetry(deps, input),
    'runs.compare': (input) => compareSavedRuns({ runsDir, runsRepo }, input),
    'runs.export': (input) => exportSavedRun({ runsDir, runsRepo, exportsDir: deps.exportsDir }, input),
  };
}

/** A page of the run's telemetry, with the host and t = 0 from the summary, else from its live recorder. */
async function readRunTelemetry(deps: RunsHandlersDeps, { runId, cursor, limit }: { runId: string; cursor: number; limit: number }) {
  const record = await requireRun(deps.runsRepo, runId);
  const page = await readTelemetryPage(join(deps.runsDir, runId, runFiles.telemetry), { cursor, limit });
  const recorder = deps.hosts.recorderOf(runId);
  const saved = record.summary?.telemetry;
  const hasData = page.frames.length > 0 || cursor > 0;
  return {
    runId,
    workspaceId: record.workspaceId ?? null,
    host: saved?.host ?? recorder?.host ?? (hasData ? 'unknown host' : null),
    // An interrupted run saved no t = 0; its start instant (a little before the load began) stands in.
    runStartT: saved?.runStartT ?? recorder?.runStartT() ?? (hasData ? record.startedAt : null),
    ...page,
    isRecording: recorder !== undefined,
  };
}
