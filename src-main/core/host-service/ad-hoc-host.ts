import { HostSpec, type HostKeyInfo, type HostSpecInput } from '../../../src-shared/schemas/host';
import type { HostSession } from '../hosts/host-session';
import { createKnownHostsFile } from '../hosts/known-hosts';
import { openHostSession, type OpenHostDeps } from '../hosts/open-host';
import { createHostLeases, hostIdentity, type HostLease } from './host-lease';

/** How to trust an ad-hoc host's key: an OpenSSH known_hosts file, and what to do with a key it lacks. */
export interface AdHocHostOptions {
  /** OpenSSH-format known_hosts file the key is checked against; an accepted new key is recorded there. */
  knownHostsPath: string;
  /** Asked about a key the file does not hold: true trusts and records it; absent refuses it (host_key_unknown). */
  onUnknownHostKey?: (key: HostKeyInfo) => boolean | Promise<boolean>;
}

/** What opening an ad-hoc host may be given beyond the spec: the host service's leases, a test's opener. */
export interface AdHocHostDeps {
  /** Takes the host's lease by identity (the host service's leases); by default leases of this host alone. */
  acquire?: (identity: string, what: string) => HostLease;
  /** Replaces openHostSession (tests, and the host service's own opener). */
  openHost?: (spec: HostSpec, deps: OpenHostDeps) => Promise<HostSession>;
  hostOptions?: Pick<OpenHostDeps, 'reconnect' | 'keepaliveIntervalMs'>;
}

/** A host named on the spot (`--host ssh://…`), outside any workspace, with the session already open. */
export interface AdHocHost {
  readonly session: HostSession;
  /** `user@host:port` or `this machine`: the identity its lease is keyed by. */
  readonly identity: string;
  /** Takes the host for an experiment; host_busy when another one in this process holds it. */
  lease(what: string): HostLease;
  /** Closes the session; closing twice is harmless. */
  close(): Promise<void>;
}

/**
 * Opens a host that no workspace holds, as `llmwb inventory|telemetry|bench --host …` name it:
 * the spec is parsed at this door (invalid_input naming the bad part), the key is checked against
 * `knownHostsPath` (OpenSSH's file, so `ssh-keygen -F` reads it), and the session is connected
 * and verified before this returns. Leases come from `deps.acquire` when the host service opens
 * it, so an ad-hoc bench and a workspace experiment on the same host exclude each other.
 */
export async function openAdHocHost(spec: HostSpecInput, options: AdHocHostOptions, deps: AdHocHostDeps = {}): Promise<AdHocHost> {
  const parsed = HostSpec.parse(spec);
  const identity = hostIdentity(parsed);
  const session = await (deps.openHost ?? openHostSession)(parsed, {
    knownHosts: createKnownHostsFile(options.knownHostsPath),
    ...(options.onUnknownHostKey === undefined ? {} : { onUnknownHostKey: options.onUnknownHostKey }),
    ...deps.hostOptions,
  });
  const acquire = deps.acquire ?? createHostLeases().acquire;
  let closed: Promise<void> | undefined;
  return {
    session,
    identity,
    lease: (what) => acquire(identity, what),
    close: () => (closed ??= session.close()),
  };
}
