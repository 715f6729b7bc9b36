import { AppError, toAppError, type AppErrorData } from '../../../src-shared/errors';
import { HostKeyInfo, type HostSpec } from '../../../src-shared/schemas/host';
import type { HostLinkState, HostStatus } from '../../../src-shared/schemas/host-status';
import type { Inventory } from '../../../src-shared/schemas/inventory';
import type { HostRef } from '../../../src-shared/schemas/workspace';
import type { EventBus } from '../events';
import type { HostSession } from '../hosts/host-session';
import type { KnownHosts } from '../hosts/known-hosts';
import type { OpenHostDeps } from '../hosts/open-host';
import { endpointLabel } from '../hosts/ssh-connect';
import { takeInventory } from '../inventory/take-inventory';
import type { RunTelemetryHandle } from '../runs/run-telemetry';
import type { RunFolder } from '../store/run-folder';
import type { Secrets } from '../store/secrets';
import { WorkspaceTelemetry, type TelemetryOwner } from './workspace-telemetry';

/** What every workspace host shares: how to open a session, the bus, the secret store. */
export interface WorkspaceHostContext {
  bus: EventBus;
  secrets: Secrets;
  knownHostsFor(workspaceId: string): KnownHosts;
  openHost(spec: HostSpec, deps: OpenHostDeps): Promise<HostSession>;
  hostOptions: Pick<OpenHostDeps, 'reconnect' | 'keepaliveIntervalMs'>;
}

/** The label a host goes by in the UI and in run summaries. */
export function hostLabelOf(ref: HostRef): string {
  if (ref.spec?.kind === 'ssh') return endpointLabel(ref.spec);
  if (ref.spec?.kind === 'local') return 'this machine';
  return ref.label;
}

/**
 * One workspace's host: its session (at most one), a host key waiting for the user's
 * decision, the last connection failure, and its telemetry. Every change is published as
 * `host.stateChanged` with the full status.
 */
export class WorkspaceHost {
  private session: HostSession | null = null;
  private connecting: Promise<void> | null = null;
  private pendingKey: HostKeyInfo | null = null;
  private lastError: AppErrorData | null = null;
  readonly telemetry: WorkspaceTelemetry;

  constructor(
    readonly workspaceId: string,
    private ref: HostRef,
    private readonly context: WorkspaceHostContext,
  ) {
    this.telemetry = new WorkspaceTelemetry(workspaceId, { bus: context.bus, onChange: () => this.publish() });
  }

  /** Takes the workspace's latest host record (the index is the source of truth). */
  refresh(ref: HostRef): void {
    this.ref = ref;
  }

  status(): HostStatus {
    return {
      workspaceId: this.workspaceId,
      label: hostLabelOf(this.ref),
      kind: this.ref.spec?.kind ?? 'none',
      connection: this.linkState(),
      pendingKey: this.pendingKey,
      telemetry: { state: this.telemetry.state(), intervalMs: this.telemetry.intervalMs(), problems: this.telemetry.problems() },
      recordingRunIds: this.telemetry.recordingRunIds(),
      secretsPersist: this.context.secrets.isPersistent,
    };
  }

  /** Opens the session if none is up. Never rejects for a host's refusal: the status carries it. */
  async connect(): Promise<HostStatus> {
    if (this.isConnected()) return this.status();
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    await this.connecting;
    return this.status();
  }

  /** Records the pending key (only if it is the one the user saw) in known hosts, then connects. */
  async acceptKey(fingerprintSha256: string): Promise<HostStatus> {
    const key = this.pendingKey;
    if (key === null || key.fingerprintSha256 !== fingerprintSha256) {
      throw new AppError('conflict', 'that host key is no longer the one waiting for approval; connect again and check the fingerprint it shows', {
        details: { expected: key?.fingerprintSha256 ?? null, given: fingerprintSha256 },
      });
    }
    await this.context.knownHostsFor(this.workspaceId).add(key);
    this.pendingKey = null;
    return this.connect();
  }

  async disconnect(): Promise<HostStatus> {
    await this.telemetry.close();
    const session = this.session;
    this.session = null;
    this.lastError = null;
    this.pendingKey = null;
    await session?.close();
    this.publish();
    return this.status();
  }

  /**
   * The live session, connecting first when there is none; throws why it cannot connect (a host
   * key waiting for approval, a refusal). The session stays this workspace's: callers never close it.
   */
  async openSession(): Promise<HostSession> {
    if (this.session === null || ['failed', 'closed'].includes(this.session.state().state)) await this.connect();
    if (!this.isConnected() && this.lastError !== null) throw AppError.fromWire(this.lastError);
    return this.requireSession();
  }

  async inventory(): Promise<Inventory> {
    return takeInventory(this.requireSession());
  }

  async startTelemetry(options: { intervalMs: number; owner: TelemetryOwner }): Promise<HostStatus> {
    await this.telemetry.start(this.requireSession(), options);
    return this.status();
  }

  async stopTelemetry(): Promise<HostStatus> {
    await this.telemetry.stop();
    return this.status();
  }

  /**
   * Records this host's telemetry into a run's folder. Uses the stream already running, else
   * starts one owned by runs (it ends with the last run). With `connect` an idle host is
   * connected first; without it, an unconnected host gives null (no telemetry for that run).
   */
  async attachRun(options: { runId: string; folder: RunFolder; runStartT: number | null; connect: boolean }): Promise<RunTelemetryHandle | null> {
    const existing = this.telemetry.recorder(options.runId);
    if (existing !== undefined) return existing;
    if (!this.isConnected() && options.connect && this.ref.spec !== undefined) await this.connect();
    if (!this.isConnected()) return null;
    if (!this.telemetry.isStreaming()) await this.telemetry.start(this.requireSession(), { intervalMs: 1_000, owner: 'runs' });
    return this.telemetry.attachRun({ runId: options.runId, folder: options.folder, host: hostLabelOf(this.ref), runStartT: options.runStartT });
  }

  private async open(): Promise<void> {
    const spec = this.ref.spec;
    if (spec === undefined) {
      throw new AppError('invalid_input', 'this workspace’s host has no connection details yet', { hint: 'Choose “this machine” or enter its SSH address, user and key on the Host page.' });
    }
    await this.session?.close();
    this.session = null;
    this.lastError = null;
    this.pendingKey = null;
    this.publish();
    try {
      const session = await this.context.openHost(spec, { knownHosts: this.context.knownHostsFor(this.workspaceId), secrets: this.context.secrets, ...this.context.hostOptions });
      this.session = session;
      session.onState((state) => {
        if (state.state === 'failed') this.noteFailure(AppError.fromWire(state.reason));
        this.publish();
      });
    } catch (error) {
      this.noteFailure(toAppError(error));
    }
    this.publish();
  }

  private noteFailure(error: AppError): void {
    this.lastError = error.toWire();
    const key = HostKeyInfo.safeParse((error.details as { key?: unknown } | undefined)?.key);
    this.pendingKey = error.code === 'host_key_unknown' && key.success ? key.data : null;
  }

  private isConnected(): boolean {
    return this.session?.state().state === 'connected';
  }

  private requireSession(): HostSession {
    if (this.session !== null && this.session.state().state !== 'failed' && this.session.state().state !== 'closed') return this.session;
    throw new AppError('unreachable', `${hostLabelOf(this.ref)} is not connected`, { hint: 'Connect to the host first.' });
  }

  private linkState(): HostLinkState {
    if (this.session !== null) return this.session.state();
    if (this.lastError !== null) return { state: 'failed', reason: this.lastError };
    if (this.connecting !== null) return { state: 'connecting' };
    return { state: 'disconnected' };
  }

  private publish(): void {
    this.context.bus.emit('host.stateChanged', this.status());
  }
}
