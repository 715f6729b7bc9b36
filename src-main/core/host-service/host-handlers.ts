import { join } from 'node:path';
import type { Handlers } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { readTelemetryPage } from '../runs/run-telemetry-read';
import type { RunsRepo } from '../runs/runs-repo';
import { runFiles } from '../store/run-folder';
import type { HostService } from './host-service';

type HostOperation =
  | 'hosts.status'
  | 'hosts.update'
  | 'hosts.connect'
  | 'hosts.acceptKey'
  | 'hosts.disconnect'
  | 'hosts.inventory'
  | 'telemetry.start'
  | 'telemetry.stop'
  | 'telemetry.recent'
  | 'runs.telemetry';

/** The contract's host and telemetry operations, bound to the host service (inputs are parsed at the door). */
export function createHostHandlers(deps: { hosts: HostService; runsRepo: Pick<RunsRepo, 'get'>; runsDir: string }): Pick<Handlers, HostOperation> {
  const { hosts } = deps;
  return {
    'hosts.status': ({ workspaceId }) => hosts.status(workspaceId),
    'hosts.update': (input) => hosts.update(input),
    'hosts.connect': ({ workspaceId }) => hosts.connect(workspaceId),
    'hosts.acceptKey': ({ workspaceId, fingerprintSha256 }) => hosts.acceptKey(workspaceId, fingerprintSha256),
    'hosts.disconnect': ({ workspaceId }) => hosts.disconnect(workspaceId),
    'hosts.inventory': ({ workspaceId }) => hosts.inventory(workspaceId),
    'telemetry.start': ({ workspaceId, intervalMs }) => hosts.startTelemetry(workspaceId, intervalMs),
    'telemetry.stop': ({ workspaceId }) => hosts.stopTelemetry(workspaceId),
    'telemetry.recent': ({ workspaceId }) => hosts.recent(workspaceId),
    'runs.telemetry': async ({ runId, cursor, limit }) => {
      const record = await deps.runsRepo.get(runId);
      if (record === undefined) throw new AppError('not_found', `No run with id ${runId}.`);
      const page = await readTelemetryPage(join(deps.runsDir, runId, runFiles.telemetry), { cursor, limit });
      const recorder = hosts.recorderOf(runId);
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
    },
  };
}
