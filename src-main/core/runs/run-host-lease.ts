import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import type { HostService } from '../host-service/host-service';
import type { RunService } from './run-service';

export interface RunHostLeaseDeps {
  runs: Pick<RunService, 'start' | 'whenFinished'>;
  hosts: Pick<HostService, 'status' | 'lease'>;
}

/**
 * Whether a run will record its workspace host's telemetry, by the rule the telemetry bridge
 * follows: never with `withTelemetry: false`; with true it connects the host; absent, it records
 * when the host is already connected.
 */
async function recordsTelemetry(plan: RunPlan, hosts: RunHostLeaseDeps['hosts']): Promise<boolean> {
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
export function startRunsWithHostLease(deps: RunHostLeaseDeps): (plan: RunPlan) => Promise<{ runId: string }> {
  return async (plan) => {
    if (!(await recordsTelemetry(plan, deps.hosts))) return deps.runs.start(plan);
    const lease = await deps.hosts.lease(plan.workspaceId!, `a load run recording telemetry (${plan.url})`);
    try {
      const started = await deps.runs.start(plan);
      lease.describe(`load run ${started.runId}`);
      void deps.runs.whenFinished(started.runId).then(lease.release, lease.release);
      return started;
    } catch (error) {
      lease.release();
      throw error;
    }
  };
}
