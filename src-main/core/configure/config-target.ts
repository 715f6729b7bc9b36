import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { Endpoint } from '../../../src-shared/schemas/endpoint';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { HostLease } from '../host-service/host-lease';
import type { HostService } from '../host-service/host-service';
import { execText, type HostSession } from '../hosts/host-session';
import { createLocalHost } from '../hosts/local-host';
import { takeInventory } from '../inventory/take-inventory';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import { createComposeLauncher } from './compose-launcher';
import { createContainerLauncher } from './container-launcher';
import { createDemoLauncher, type DemoControl } from './demo-launcher';
import { homeArgv } from './host-scripts';
import type { Launcher } from './launcher';
import { createProcessLauncher } from './process-launcher';
import { createSystemdLauncher } from './systemd-launcher';

/** The demo controller as the configure handlers need it: run it, and where its model file is. */
export interface DemoTarget extends DemoControl {
  /** The GGUF the demo runs for `config` (its -m, else the bundled model); null when none is found. */
  modelPath(config: ServerConfig): string | null;
}

export interface ConfigTargetDeps {
  workspaces: Pick<WorkspacesRepo, 'get'>;
  hosts: Pick<HostService, 'session' | 'lease' | 'inventory'>;
  demo: DemoTarget;
  dataDir: string;
}

/** One endpoint's server as the configure handlers change it: over which session, by which method. */
export interface ConfigTarget {
  workspaceId: string;
  endpoint: Endpoint;
  session: HostSession;
  /** Null while the endpoint records no launch method (not managed): read-only through the inventory. */
  launch: LaunchSettings | null;
  launcher(): Launcher;
  /** A folder of the workbench's on the host: last-known-good snapshot and the dead-man timer. */
  hostStateDir(): Promise<string>;
  endpointUrl: string | (() => string | undefined);
  /** The model the configuration runs (the demo's bundled model when it names none). */
  modelPath(config: ServerConfig): string | undefined;
  /** The host's inventory; null when it cannot be taken (the check goes on without it). */
  inventory(): Promise<Inventory | null>;
  /** Takes the host for a restart (host_busy when a bench or a recording run holds it). */
  lease(what: string): Promise<HostLease | null>;
}

/**
 * Resolves an endpoint of a workspace to the server the configure operations change: the demo
 * endpoint is the in-process demo (on this machine); any other is the workspace host's server,
 * reached through the host's shared session and changed by the method its launch settings name.
 */
export async function resolveConfigTarget(deps: ConfigTargetDeps, ref: { workspaceId: string; endpointId: string }): Promise<ConfigTarget> {
  const workspace = await deps.workspaces.get(ref.workspaceId);
  const endpoint = workspace.endpoints.find((candidate) => candidate.id === ref.endpointId);
  if (endpoint === undefined) throw new AppError('not_found', `No endpoint ${ref.endpointId} in workspace ${workspace.name}.`, { hint: 'It may have been removed; reload the list.' });
  if (endpoint.isDemo) return demoTarget(deps, { workspaceId: ref.workspaceId, endpoint, isLocalHost: workspace.host.spec?.kind === 'local' });
  const session = await deps.hosts.session(ref.workspaceId);
  const launch = endpoint.launch ?? null;
  let launcher: Launcher | undefined;
  const make = (): Launcher => (launcher ??= launcherFor(session, launch, endpoint.id));
  return {
    workspaceId: ref.workspaceId,
    endpoint,
    session,
    launch,
    launcher: make,
    hostStateDir: async () => {
      const current = make();
      if ('stateDir' in current && typeof current.stateDir === 'function') return (current.stateDir as () => Promise<string>)();
      return hostHomeStateDir(session, endpoint.id);
    },
    endpointUrl: endpoint.url,
    modelPath: (config) => config.model,
    inventory: () => deps.hosts.inventory(ref.workspaceId).catch(() => null),
    lease: (what) => deps.hosts.lease(ref.workspaceId, what),
  };
}

function demoTarget(deps: ConfigTargetDeps, options: { workspaceId: string; endpoint: Endpoint; isLocalHost: boolean }): ConfigTarget {
  const launcher = createDemoLauncher(deps.demo);
  const session = createLocalHost();
  return {
    workspaceId: options.workspaceId,
    endpoint: options.endpoint,
    session,
    launch: { kind: 'demo' },
    launcher: () => launcher,
    // The demo lives in this process: its snapshot stays in the data folder.
    hostStateDir: async () => join(deps.dataDir, 'host-state', options.endpoint.id),
    endpointUrl: () => launcher.url(),
    modelPath: (config) => deps.demo.modelPath(config) ?? undefined,
    inventory: () => takeInventory(session).catch(() => null),
    // A restart of the demo disturbs a bench on this machine only when the workspace's host is this machine.
    lease: async (what) => (options.isLocalHost ? deps.hosts.lease(options.workspaceId, what) : null),
  };
}

/** The launcher of a recorded launch method, over the host's session. */
function launcherFor(session: HostSession, launch: LaunchSettings | null, endpointId: string): Launcher {
  if (launch === null) {
    throw new AppError('invalid_input', 'The workbench does not manage this endpoint’s server yet: say how it is launched (process, systemd, container or compose) first.', {
      hint: 'On the Config page choose the launch method, or on the command line pass --via.',
    });
  }
  switch (launch.kind) {
    case 'process':
      return createProcessLauncher(session, launch, { id: endpointId });
    case 'systemd':
      return createSystemdLauncher(session, launch);
    case 'container':
      return createContainerLauncher(session, launch);
    case 'compose':
      return createComposeLauncher(session, launch);
    case 'demo':
      throw new AppError('invalid_input', 'Only the built-in demo endpoint is launched by the demo method.');
  }
}

/** `~/.local/state/llm-workbench/<endpoint id>` on the host, as the process method names its folder. */
async function hostHomeStateDir(session: HostSession, endpointId: string): Promise<string> {
  const home = (await execText(session, homeArgv)).trim();
  if (!home.startsWith('/')) throw new AppError('remote_command_failed', `$HOME on ${session.label} is not an absolute path ("${home}")`);
  return `${home.replace(/\/+$/, '')}/.local/state/llm-workbench/${endpointId}`;
}
