import type { RunPlanInput } from '../../../src-shared/schemas/run-plan';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import type { HostService } from '../host-service/host-service';
import type { RunService, StartOptions } from './run-service';

export interface RunStarterDeps {
  runs: Pick<RunService, 'start' | 'whenFinished' | 'get'>;
  hosts: Pick<HostService, 'status' | 'lease'>;
}

/** How the core starts runs: `runs.start` behind the host lease, and the same run waited for. */
export interface RunStarter {
  start(plan: RunPlanInput, options?: StartOptions): Promise<{ runId: string }>;
  /**
   * Starts a run and resolves once it has ended and been saved, with its record: the summary
   * with its `server`, `serverTokens` and `telemetry` parts (what the tuning loop's probes use).
   */
  runAndWait(plan: RunPlanInput, options?: StartOptions): Promise<RunRecord>;
}

/**
 * Whether a run will record its workspace host's telemetry, by the rule the telemetry
 * attachment follows: never with `withTelemetry: false`; with true it connects the host;
 * absent, it records when the host is already connected.
 */
async function recordsTelemetry(plan: RunPlanInput, hosts: RunStarterDeps['hosts']): Promise<boolean> {
  if (plan.workspaceId === undefined || plan.withTelemetry === false) return false;
  const status = await hosts.status(plan.workspaceId);
  if (status.kind === 'none') return false;
  return plan.withTelemetry === true || status.connection.state === 'connected';
}

/**
 * Starts runs the way `runs.start` does, but a run that records its host's telemetry is an
 * experiment on that host: it takes the host's lease before it starts (host_busy if a bench or
 * another such run holds it) and gives it back when the run has finished, failed or been stopped.
 */
export function createRunStarter(deps: RunStarterDeps): RunStarter {
  const start: RunStarter['start'] = async (plan, options) => {
    if (!(await recordsTelemetry(plan, deps.hosts))) return deps.runs.start(plan, options);
    const lease = await deps.hosts.lease(plan.workspaceId!, `a load run recording telemetry (${plan.url})`);
    try {
      const started = await deps.runs.start(plan, options);
      lease.describe(`load run ${started.runId}`);
      void deps.runs.whenFinished(started.runId).then(lease.release, lease.release);
      return started;
    } catch (error) {
      lease.release();
      throw error;
    }
  };
  return {
    start,
    async runAndWait(plan, options) {
      const { runId } = await start(plan, options);
      await deps.runs.whenFinished(runId);
      return (await deps.runs.get(runId)).record;
    },
  };
}
