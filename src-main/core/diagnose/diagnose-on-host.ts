import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../../../src-shared/contract';
import { DiagnosisGoal, type Diagnosis, type DiagnosisGoalInput } from '../../../src-shared/schemas/diagnosis';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import { configOnAdHocHost } from '../configure/config-handlers-ad-hoc';
import type { ConfigHandlerDeps } from '../configure/config-handlers';
import type { AdHocHost } from '../host-service/ad-hoc-host';
import type { HostSession } from '../hosts/host-session';
import { takeInventory } from '../inventory/take-inventory';
import type { RunAttachment } from '../runs/run-attachments';
import type { DiagnosisContext, DiagnosisHost, ProbeStarted } from './diagnosis-context';
import { assertResumable, runDiagnosis } from './diagnosis-runner';
import { newDiagnosis, progressEvent } from './diagnosis-record';
import { inventoryOfEndpoint } from './endpoint-server';
import { createDiagnosisStore } from './diagnosis-store';
import { benchCandidates, isLoopbackUrl } from './diagnosis-target';
import type { ProbeRuns } from './probe-run';

export interface DiagnoseOnHostDeps extends ConfigHandlerDeps {
  /** The core's handlers (the config ones are replaced by the ad-hoc host's). */
  handlers: Handlers;
  runs: ProbeRuns & { recordHost(session: HostSession): RunAttachment };
  runsDir: string;
  workerEntry: string;
}

/** What the caller hears while a diagnosis runs in its foreground, and how it cancels it. */
export interface DiagnosisWatch {
  /** Aborting it cancels the diagnosis: the probe in flight stops, and what was measured is saved to resume. */
  signal: AbortSignal;
  /** Told after every save (each step change and each probe), with the diagnosis as saved. */
  onSaved?(diagnosis: Diagnosis): void;
  onProbe?: ProbeStarted;
}

/** Diagnoses run in the caller's foreground over a host no workspace holds (`llmwb diagnose --host …`), or none. */
export interface DiagnoseOnHost {
  /** Starts a diagnosis of a workspace endpoint and resolves once it is done, failed or cancelled. */
  start(input: { workspaceId: string; endpointId: string; goal: DiagnosisGoalInput }, watch: DiagnosisWatch): Promise<Diagnosis>;
  /** Carries on an interrupted, failed or cancelled diagnosis from its last finished step and probe. */
  resume(diagnosisId: string, watch: DiagnosisWatch): Promise<Diagnosis>;
}

function adHocDiagnosisHost(host: AdHocHost, url: string): DiagnosisHost {
  let taken: Promise<Inventory | null> | undefined;
  return {
    label: host.identity,
    inventory: () => (taken ??= takeInventory(host.session).then((inventory) => inventoryOfEndpoint(inventory, url)).catch(() => null)),
    // 'this machine' is the identity of a local host (host-lease.ts hostIdentity).
    isLoadgenHost: host.identity === 'this machine' || isLoopbackUrl(url),
  };
}

/**
 * Probes as the workspace's runs, each also recording the ad-hoc host's telemetry and holding its
 * lease while it runs (as a workspace run recording telemetry does), so a bench or an apply from
 * elsewhere in this process waits for the probe, not for the whole diagnosis.
 */
function probeRunsOn(deps: DiagnoseOnHostDeps, host: AdHocHost | null): ProbeRuns {
  if (host === null) return deps.runs;
  const recording = deps.runs.recordHost(host.session);
  return {
    ...deps.runs,
    start: async (plan, options) => {
      const lease = host.lease(`a diagnosis probe (${plan.url})`);
      try {
        const started = await deps.runs.start(plan, { attachments: [...(options?.attachments ?? []), recording] });
        lease.describe(`diagnosis probe ${started.runId}`);
        void deps.runs.whenFinished(started.runId).then(lease.release, lease.release);
        return started;
      } catch (error) {
        lease.release();
        throw error;
      }
    },
  };
}

async function contextFor(deps: DiagnoseOnHostDeps, input: { host: AdHocHost | null; diagnosis: Diagnosis; watch: DiagnosisWatch }): Promise<DiagnosisContext> {
  const { host, diagnosis, watch } = input;
  const { workspaceId, endpointId } = diagnosis;
  if (workspaceId === undefined || endpointId === undefined) throw new AppError('invalid_input', `Diagnosis ${diagnosis.id} names no workspace endpoint to diagnose.`);
  const workspace = await deps.workspaces.get(workspaceId);
  const endpoint = workspace.endpoints.find((candidate) => candidate.id === endpointId);
  if (endpoint === undefined) throw new AppError('not_found', `No endpoint ${endpointId} in workspace ${workspace.name}.`);
  const store = createDiagnosisStore(deps.dataDir);
  const config = host === null ? null : configOnAdHocHost(deps, host);
  return {
    probes: { runs: probeRunsOn(deps, host), runsDir: deps.runsDir },
    target: { url: endpoint.url, workspaceId, endpointId, withTelemetry: false },
    workerEntry: deps.workerEntry,
    // Without a host the launch method and the process are out of reach.
    serverConfig: async () => (config === null ? null : (await config.invoke('config.read', { workspaceId, endpointId })).config),
    host: host === null ? null : adHocDiagnosisHost(host, endpoint.url),
    // The verify step applies through the ad-hoc host's config operations, when `--via` recorded a launch method.
    configure:
      config === null || endpoint.launch === undefined
        ? null
        : {
            apply: async (next) => ({ entryId: (await config.invoke('config.apply', { workspaceId, endpointId, config: next })).id }),
            url: async () => (await deps.workspaces.get(workspaceId)).endpoints.find((candidate) => candidate.id === endpointId)?.url ?? endpoint.url,
          },
    benchRuns: () => benchCandidates(deps.dataDir),
    signal: watch.signal,
    save: async (saved) => {
      await store.save(saved);
      deps.bus.emit('diagnose.progress', progressEvent(saved));
      watch.onSaved?.(saved);
    },
    now: () => Date.now(),
  };
}

/**
 * The diagnose operations for the command line (issue #13): the same runner and steps as the
 * Diagnose page's, with the workspace's host replaced by an ad-hoc one (its inventory, its
 * server configuration read through config.read over it, its telemetry beside every probe), or
 * by none when the server's host is unknown. The diagnosis is kept in the data folder like any
 * other (diagnose.get and diagnose.list find it), and runs in the caller's foreground.
 */
export function diagnoseOnAdHocHost(deps: DiagnoseOnHostDeps, host: AdHocHost | null): DiagnoseOnHost {
  const store = createDiagnosisStore(deps.dataDir);
  const carryOut = async (diagnosis: Diagnosis, watch: DiagnosisWatch): Promise<Diagnosis> => {
    const context = await contextFor(deps, { host, diagnosis, watch });
    return runDiagnosis(diagnosis, context, watch.onProbe);
  };
  return {
    async start({ goal, ...ref }, watch) {
      return carryOut(await newDiagnosis({ workspaces: deps.workspaces, store }, { ...ref, goal: DiagnosisGoal.parse(goal) }), watch);
    },
    async resume(diagnosisId, watch) {
      const diagnosis = await store.get(diagnosisId);
      assertResumable(diagnosis);
      return carryOut(diagnosis, watch);
    },
  };
}
