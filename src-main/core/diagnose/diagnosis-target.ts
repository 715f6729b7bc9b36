import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../../../src-shared/contract';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { Endpoint } from '../../../src-shared/schemas/endpoint';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { listBenchRuns, loadBenchRun } from '../bench/runs/bench-run-store';
import type { HostService } from '../host-service/host-service';
import type { BenchCandidate } from './baseline';
import { inventoryOfEndpoint } from './endpoint-server';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import type { DiagnosisConfigure, DiagnosisContext, DiagnosisHost } from './diagnosis-context';
import type { ProbeRuns } from './probe-run';

/** How many of the newest bench runs the baseline looks through for the same model. */
const benchRunsToRead = 20;

export interface DiagnosisTargetDeps {
  runs: ProbeRuns;
  runsDir: string;
  dataDir: string;
  workerEntry: string;
  hosts: Pick<HostService, 'inventory' | 'connect'>;
  /** The config operations, to read the server's configuration the way the Config page does. */
  readConfig: Handlers['config.read'];
  /** And to apply one (the verify step), journalled like the Config page's applies. */
  applyConfig: Handlers['config.apply'];
  workspaces: Pick<WorkspacesRepo, 'get'>;
}

/** The newest bench runs with their results, oldest first (the baseline takes the newest that matches). */
export async function benchCandidates(dataDir: string): Promise<BenchCandidate[]> {
  const metas = (await listBenchRuns(dataDir)).slice(0, benchRunsToRead);
  const runs = await Promise.all(metas.map(async (meta) => ({ id: meta.id, results: (await loadBenchRun(dataDir, meta.id).catch(() => ({ results: [] }))).results })));
  return runs.reverse();
}

/** Loopback URLs: a server there shares this machine's CPUs with the load generator. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

function workspaceHost(deps: DiagnosisTargetDeps, workspace: Workspace, url: string): DiagnosisHost | null {
  const spec = workspace.host.spec;
  if (spec === undefined) return null;
  let taken: Promise<Inventory | null> | undefined;
  return {
    label: workspace.host.label,
    // The probes connect the host to record its telemetry; the inventory needs it connected too.
    inventory: () => (taken ??= deps.hosts.connect(workspace.id).then(async () => inventoryOfEndpoint(await deps.hosts.inventory(workspace.id), url)).catch(() => null)),
    isLoadgenHost: spec.kind === 'local' || isLoopbackUrl(url),
  };
}

/** Applying configurations to the endpoint's server through config.apply, when it has a launch method (the demo's is built in). */
function endpointConfigure(deps: DiagnosisTargetDeps, ref: { workspaceId: string; endpoint: Endpoint }): DiagnosisConfigure | null {
  const { workspaceId, endpoint } = ref;
  if (!endpoint.isDemo && endpoint.launch === undefined) return null;
  return {
    apply: async (config) => ({ entryId: (await deps.applyConfig({ workspaceId, endpointId: endpoint.id, config })).id }),
    url: async () => (await deps.workspaces.get(workspaceId)).endpoints.find((candidate) => candidate.id === endpoint.id)?.url ?? endpoint.url,
  };
}

/**
 * What a diagnosis of a workspace's endpoint acts through: probes as runs of that workspace (in
 * its History, recording its host), the endpoint's configuration read like the Config page reads
 * it, the workspace host's inventory, the bench runs of the data folder, and, when the endpoint
 * has a launch method, config.apply to change it.
 */
export function workspaceDiagnosisContext(
  deps: DiagnosisTargetDeps,
  input: { workspace: Workspace; endpointId: string; signal: AbortSignal; save: DiagnosisContext['save'] },
): DiagnosisContext {
  const { workspace, endpointId } = input;
  const endpoint = workspace.endpoints.find((candidate) => candidate.id === endpointId);
  if (endpoint === undefined) throw new AppError('not_found', `No endpoint ${endpointId} in workspace ${workspace.name}.`, { hint: 'It may have been removed; reload the list.' });
  const host = workspaceHost(deps, workspace, endpoint.url);
  return {
    probes: { runs: deps.runs, runsDir: deps.runsDir },
    target: { url: endpoint.url, workspaceId: workspace.id, endpointId, withTelemetry: host !== null },
    workerEntry: deps.workerEntry,
    serverConfig: async () => (await deps.readConfig({ workspaceId: workspace.id, endpointId })).config,
    host,
    configure: endpointConfigure(deps, { workspaceId: workspace.id, endpoint }),
    benchRuns: () => benchCandidates(deps.dataDir),
    signal: input.signal,
    save: input.save,
    now: () => Date.now(),
  };
}
