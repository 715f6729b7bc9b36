import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { HostTargetInput } from '../../../src-shared/contract/hosts.contract';
import type { HostSpecInput } from '../../../src-shared/schemas/host';
import type { HostSession } from '../hosts/host-session';
import type { HostStatus } from '../../../src-shared/schemas/host-status';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { TelemetryFrame } from '../../../src-shared/schemas/telemetry-frame';
import type { TelemetryGap } from '../../../src-shared/schemas/telemetry-sample';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import type { EventBus } from '../events';
import { createKnownHostsFile, type KnownHosts } from '../hosts/known-hosts';
import { openHostSession, type OpenHostDeps } from '../hosts/open-host';
import type { RunTelemetryHandle } from '../runs/run-telemetry';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import type { RunFolder } from '../store/run-folder';
import type { Secrets } from '../store/secrets';
import { openAdHocHost, type AdHocHost, type AdHocHostOptions } from './ad-hoc-host';
import { createHostLeases, hostIdentity, type HostLease, type HostLeaseHolder, type HostLeases } from './host-lease';
import { hostRefFromTarget, hostSecretIds } from './host-target';
import { WorkspaceHost, type WorkspaceHostContext } from './workspace-host';

export interface HostServiceDeps {
  workspaces: Pick<WorkspacesRepo, 'get' | 'setHost'>;
  dataDir: string;
  secrets: Secrets;
  bus: EventBus;
  /** Replaces openHostSession (tests). */
  openHost?: WorkspaceHostContext['openHost'];
  /** Reconnect back-off and keep-alive for every SSH session (tests shorten them). */
  hostOptions?: Pick<OpenHostDeps, 'reconnect' | 'keepaliveIntervalMs'>;
}

/** What a run needs to record its workspace host's telemetry. */
export interface AttachRunOptions {
  workspaceId: string;
  runId: string;
  folder: RunFolder;
  /** The load's t = 0 on the house clock, when known. */
  runStartT?: number | null;
  /** Connect the host if it is not connected yet (the plan asked for telemetry). */
  connect?: boolean;
}

function hostContext(deps: HostServiceDeps): WorkspaceHostContext {
  return {
    bus: deps.bus,
    secrets: deps.secrets,
    knownHostsFor: (workspaceId): KnownHosts => createKnownHostsFile(knownHostsPath(deps.dataDir, workspaceId)),
    openHost: deps.openHost ?? openHostSession,
    hostOptions: deps.hostOptions ?? {},
  };
}

type HostUpdate = { workspaceId: string; label?: string; target: z.output<typeof HostTargetInput> };

async function updateHost(deps: HostServiceDeps, options: { host: WorkspaceHost; input: HostUpdate }): Promise<Workspace> {
  const { host, input } = options;
  const workspace = await deps.workspaces.get(input.workspaceId);
  const ref = await hostRefFromTarget(input.target, input.label, { workspaceId: input.workspaceId, previous: workspace.host, secrets: deps.secrets });
  await host.disconnect();
  const updated = await deps.workspaces.setHost(input.workspaceId, ref);
  host.refresh(updated.host);
  deps.bus.emit('workspaces.changed', { workspaceId: input.workspaceId });
  deps.bus.emit('host.stateChanged', host.status());
  return updated;
}

/**
 * The workspace's known hosts: an OpenSSH-format file per workspace in the data folder, so
 * keys accepted for one workspace do not vouch for another and `ssh-keygen -F` can read it.
 */
export function knownHostsPath(dataDir: string, workspaceId: string): string {
  return join(dataDir, 'known-hosts', `${workspaceId}.known_hosts`);
}

/**
 * Sessions and leases for experiments. The lease is keyed by the host's identity, not the
 * workspace, so two workspaces on one host exclude each other (host-lease.ts).
 */
function experimentOperations(deps: HostServiceDeps, hostOf: (workspaceId: string) => Promise<WorkspaceHost>, leases: HostLeases) {

  /** The identity the workspace's host is leased by; invalid_input while it has no connection details. */
  async function identityOf(workspaceId: string): Promise<string> {
    const spec = (await deps.workspaces.get(workspaceId)).host.spec;
    if (spec === undefined) throw new AppError('invalid_input', 'this workspace’s host has no connection details yet', { hint: 'Choose “this machine” or enter its SSH address, user and key on the Host page.' });
    return hostIdentity(spec);
  }

  /** Takes the workspace's host for an experiment, named by `what`; host_busy when another holds it. */
  const lease = async (workspaceId: string, what: string): Promise<HostLease> => leases.acquire(await identityOf(workspaceId), what);
  /** The workspace's own session, connected on demand and shared: callers must not close it. */
  const session = async (workspaceId: string): Promise<HostSession> => (await hostOf(workspaceId)).openSession();

  return {
    lease,
    session,
    /** What holds the workspace's host now (an experiment's name and start), if anything. */
    holder: async (workspaceId: string): Promise<HostLeaseHolder | undefined> => leases.holder(await identityOf(workspaceId)),

    /**
     * Runs `fn` with the workspace's session. With `experiment` the host's lease is taken first
     * (host_busy if another experiment holds it) and released when `fn` settles, even by throwing.
     */
    async withSession<T>(workspaceId: string, fn: (host: HostSession) => Promise<T>, options: { experiment?: string } = {}): Promise<T> {
      const held = options.experiment === undefined ? null : await lease(workspaceId, options.experiment);
      try {
        return await fn(await session(workspaceId));
      } finally {
        held?.release();
      }
    },
  };
}

/** Hosts no workspace holds, opened with this service's leases and closed with it. */
function adHocOperations(context: WorkspaceHostContext, leases: HostLeases) {
  const opened = new Set<AdHocHost>();
  return {
    /**
     * Opens a host no workspace holds (`--host` on the command line), connected and verified
     * against `options.knownHostsPath`. Its leases are the service's, so an experiment on it and
     * one on a workspace pointing at the same login exclude each other.
     */
    async open(spec: HostSpecInput, options: AdHocHostOptions): Promise<AdHocHost> {
      const host = await openAdHocHost(spec, options, { acquire: leases.acquire, openHost: context.openHost, hostOptions: context.hostOptions });
      opened.add(host);
      return host;
    },
    async closeAll(): Promise<void> {
      await Promise.all([...opened].map((host) => host.close()));
      opened.clear();
    },
  };
}

/**
 * Owns the open host sessions, one per workspace, and their telemetry streams. Everything the
 * Host page does goes through here; runs record telemetry through `attachRun`; experiments take
 * the host's lease (host-lease.ts) so two of them never load one host at once.
 */
export function createHostService(deps: HostServiceDeps) {
  const hosts = new Map<string, WorkspaceHost>();
  const context = hostContext(deps);
  // One set of leases for workspace hosts and ad-hoc ones: the same machine is one host either way.
  const leases = createHostLeases();
  const adHoc = adHocOperations(context, leases);

  /** The workspace's host, created on first use; not_found if the workspace is gone. */
  async function hostOf(workspaceId: string): Promise<WorkspaceHost> {
    const workspace = await deps.workspaces.get(workspaceId);
    let host = hosts.get(workspaceId);
    if (host === undefined) {
      host = new WorkspaceHost(workspaceId, workspace.host, context);
      hosts.set(workspaceId, host);
    } else host.refresh(workspace.host);
    return host;
  }

  return {
    status: async (workspaceId: string): Promise<HostStatus> => (await hostOf(workspaceId)).status(),
    connect: async (workspaceId: string): Promise<HostStatus> => (await hostOf(workspaceId)).connect(),
    acceptKey: async (workspaceId: string, fingerprintSha256: string): Promise<HostStatus> => (await hostOf(workspaceId)).acceptKey(fingerprintSha256),
    disconnect: async (workspaceId: string): Promise<HostStatus> => (await hostOf(workspaceId)).disconnect(),
    inventory: async (workspaceId: string): Promise<Inventory> => (await hostOf(workspaceId)).inventory(),
    startTelemetry: async (workspaceId: string, intervalMs: number): Promise<HostStatus> => (await hostOf(workspaceId)).startTelemetry({ intervalMs, owner: 'user' }),
    stopTelemetry: async (workspaceId: string): Promise<HostStatus> => (await hostOf(workspaceId)).stopTelemetry(),
    recent: async (workspaceId: string): Promise<{ frames: TelemetryFrame[]; gaps: TelemetryGap[] }> => (await hostOf(workspaceId)).telemetry.recent.snapshot(),

    ...experimentOperations(deps, hostOf, leases),
    openAdHoc: adHoc.open,

    /** Sets how to reach the host; the old session (and its telemetry) is closed first. */
    update: async (input: HostUpdate): Promise<Workspace> => updateHost(deps, { host: await hostOf(input.workspaceId), input }),

    /** Records the workspace host's telemetry into a run folder; null when the host cannot be measured now. Idempotent per run. */
    async attachRun(options: AttachRunOptions): Promise<RunTelemetryHandle | null> {
      const host = await hostOf(options.workspaceId);
      return host.attachRun({ runId: options.runId, folder: options.folder, runStartT: options.runStartT ?? null, connect: options.connect ?? false });
    },

    /** The recorder of a run being recorded right now, if any. */
    recorderOf(runId: string): RunTelemetryHandle | undefined {
      for (const host of hosts.values()) {
        const recorder = host.telemetry.recorder(runId);
        if (recorder !== undefined) return recorder;
      }
      return undefined;
    },

    /** A workspace is being removed: close its host and delete its known hosts and secrets. */
    async forget(workspaceId: string): Promise<void> {
      await hosts.get(workspaceId)?.disconnect();
      hosts.delete(workspaceId);
      await rm(knownHostsPath(deps.dataDir, workspaceId), { force: true });
      for (const secretId of hostSecretIds(workspaceId)) await deps.secrets.remove(secretId);
    },

    /** Stops every stream and closes every session (on shutdown). */
    async close(): Promise<void> {
      await Promise.all([...hosts.values()].map((host) => host.disconnect()));
      hosts.clear();
      await adHoc.closeAll();
    },
  };
}
export type HostService = ReturnType<typeof createHostService>;
