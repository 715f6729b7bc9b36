import { AppError, toAppError } from '../../../src-shared/errors';
import {
  SshHostSpec,
  type HostConnectionState,
  type HostKeyInfo,
  type SshHostSpec as SshHostSpecType,
  type SshHostSpecInput,
} from '../../../src-shared/schemas/host';
import { quoteArgv } from './argv';
import { backoffDelayMs, defaultBackoff, type BackoffPolicy } from './backoff';
import type { ExecOptions, ExecResult, HostSession, StreamHandle, StreamHandlers } from './host-session';
import type { KnownHosts } from './known-hosts';
import { endpointLabel, forwardThrough, openSshLink, type SecretResolver, type SshConnectDeps, type SshLink } from './ssh-connect';
import { execOnClient, streamOnClient } from './ssh-channel';

/** Everything `connectSshHost` needs. Only `spec` and `knownHosts` are required. */
export interface SshHostOptions {
  /** Parsed with the SshHostSpec schema at this door; a bad host, user or path is refused here. */
  spec: SshHostSpecInput;
  knownHosts: KnownHosts;
  secrets?: SecretResolver;
  onUnknownHostKey?: (key: HostKeyInfo) => boolean | Promise<boolean>;
  /** SSH keep-alive probe period; the link counts as dead after `keepaliveCountMax` silent probes. Default 5 000 ms × 3. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Limit for TCP connect + handshake + auth. Default 10 000 ms. */
  readyTimeoutMs?: number;
  reconnect?: Partial<BackoffPolicy>;
}

/** Errors no retry can fix: the user must act, so reconnecting stops. */
const finalCodes = new Set(['auth_failed', 'host_key_changed', 'host_key_unknown', 'invalid_input']);

/**
 * Connects to a host over SSH (node-ssh / ssh2) and returns its HostSession once the first
 * connection is up. The first failure rejects (AppError `host_key_unknown`, `host_key_changed`,
 * `auth_failed`, `unreachable` …); after that, a dropped link is retried with exponential
 * back-off, the state goes `reconnecting` → `connected`, and a host-key or auth failure on
 * a retry ends in `failed`. Streams do not survive a drop: their `ended` resolves as
 * `disconnected`, and the owner restarts them when the state is `connected` again.
 */
export async function connectSshHost(options: SshHostOptions): Promise<HostSession> {
  const spec = SshHostSpec.parse(options.spec);
  const session = new SshHostSession(spec, options);
  await session.open();
  return session;
}

class SshHostSession implements HostSession {
  readonly label: string;
  private link: SshLink | null = null;
  private current: HostConnectionState = { state: 'connecting' };
  private readonly listeners = new Set<(state: HostConnectionState) => void>();
  private readonly deps: SshConnectDeps;
  private readonly backoff: BackoffPolicy;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly spec: SshHostSpecType,
    options: SshHostOptions,
  ) {
    this.label = endpointLabel(spec);
    this.backoff = { ...defaultBackoff, ...options.reconnect };
    this.deps = {
      knownHosts: options.knownHosts,
      secrets: options.secrets,
      onUnknownHostKey: options.onUnknownHostKey,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? 5_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    };
  }

  async open(): Promise<void> {
    try {
      this.adopt(await this.openLink());
    } catch (error) {
      const reason = toAppError(error);
      this.setState({ state: 'failed', reason: reason.toWire() });
      throw reason;
    }
  }

  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return execOnClient(this.requireLink().client, quoteArgv(argv), { ...options, label: this.label });
  }

  async stream(argv: readonly string[], handlers: StreamHandlers): Promise<StreamHandle> {
    return streamOnClient(this.requireLink().client, quoteArgv(argv), { ...handlers, label: this.label });
  }

  state(): HostConnectionState {
    return this.current;
  }

  onState(listener: (state: HostConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.link?.dispose();
    this.link = null;
    this.setState({ state: 'closed' });
  }

  private requireLink(): SshLink {
    if (this.link !== null) return this.link;
    const why = this.current.state === 'reconnecting' ? 'is reconnecting' : `is ${this.current.state}`;
    throw new AppError('unreachable', `${this.label} ${why}`, { details: { state: this.current } });
  }

  private async openLink(): Promise<SshLink> {
    const jumpSpec = this.spec.jump;
    if (jumpSpec === undefined) return openSshLink(this.spec, this.deps);
    const jump = await openSshLink(jumpSpec, this.deps);
    try {
      const tunnel = await forwardThrough(jump, this.spec);
      const target = await openSshLink(this.spec, this.deps, tunnel);
      return {
        client: target.client,
        dispose: () => {
          target.dispose();
          jump.dispose();
        },
      };
    } catch (error) {
      jump.dispose();
      throw error;
    }
  }

  private adopt(link: SshLink): void {
    let lastError: unknown;
    // node-ssh drops its own 'error' listener once connected; without ours a late error would crash the process.
    link.client.on('error', (error: unknown) => {
      lastError = error;
    });
    link.client.on('close', () => this.onLinkLost(link, lastError));
    this.link = link;
    this.setState({ state: 'connected', sinceMs: Date.now() });
  }

  private onLinkLost(link: SshLink, cause: unknown): void {
    if (this.link !== link) return;
    this.link = null;
    link.dispose();
    if (this.closed) return;
    const reason = new AppError('unreachable', `the connection to ${this.label} dropped${cause instanceof Error ? `: ${cause.message}` : ''}`);
    this.scheduleRetry(1, reason);
  }

  private scheduleRetry(attempt: number, reason: AppError): void {
    if (this.closed) return;
    if (attempt > this.backoff.maxAttempts) {
      this.setState({ state: 'failed', reason: reason.toWire() });
      return;
    }
    const delayMs = backoffDelayMs(this.backoff, attempt);
    this.setState({ state: 'reconnecting', attempt, nextAttemptInMs: delayMs, reason: reason.toWire() });
    this.retryTimer = setTimeout(() => void this.retry(attempt), delayMs);
  }

  private async retry(attempt: number): Promise<void> {
    try {
      const link = await this.openLink();
      if (this.closed) {
        link.dispose();
        return;
      }
      this.adopt(link);
    } catch (error) {
      const reason = toAppError(error);
      if (finalCodes.has(reason.code)) this.setState({ state: 'failed', reason: reason.toWire() });
      else this.scheduleRetry(attempt + 1, reason);
    }
  }

  private setState(state: HostConnectionState): void {
    this.current = state;
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // A listener's bug must not stop the reconnect loop.
      }
    }
  }
}
