import { userInfo } from 'node:os';
import { AppError } from '../../../src-shared/errors';
import { HostAddress, HostPort, HostUser, type HostKeyInfo, type HostSpecInput } from '../../../src-shared/schemas/host';
import type { BackoffPolicy } from './backoff';
import type { HostSession } from './host-session';
import type { KnownHosts } from './known-hosts';
import { createLocalHost } from './local-host';
import type { SecretResolver } from './ssh-connect';
import { connectSshHost } from './ssh-host';

/** Where `--host` points: this machine, or user@address:port over SSH. */
export type HostTarget = { kind: 'local' } | { kind: 'ssh'; user: string; address: string; port: number };

/**
 * Reads `local`, `ssh://USER@HOST:PORT`, `ssh://USER@HOST`, `USER@HOST[:PORT]` or `HOST`
 * (IPv6 in brackets: `ssh://root@[::1]:2222`). A missing user is this process's user; a
 * missing port is 22. Every part is checked by the host schemas, so `host; touch pwned`
 * and the like are refused with `invalid_input` naming the part.
 */
export function parseHostUrl(text: string, defaultUser: string = userInfo().username): HostTarget {
  const trimmed = text.trim();
  if (trimmed === 'local') return { kind: 'local' };
  const body = trimmed.replace(/^ssh:\/\//, '');
  const match = /^(?:([^@/]*)@)?(\[[^\]]*\]|[^:/]*)(?::([^/]*))?\/?$/.exec(body);
  if (match === null) throw new AppError('invalid_input', `cannot read the host "${text}": use ssh://USER@HOST:PORT or local`);
  const [, user = defaultUser, rawAddress = '', rawPort] = match;
  const address = HostAddress.safeParse(rawAddress.replace(/^\[|\]$/g, ''));
  const userResult = HostUser.safeParse(user);
  const port = rawPort === undefined ? { success: true as const, data: 22 } : HostPort.safeParse(/^\d+$/.test(rawPort) ? Number(rawPort) : Number.NaN);
  const problems = [
    ...(address.success ? [] : [`host "${rawAddress}": ${address.error.issues[0]?.message}`]),
    ...(userResult.success ? [] : [`user "${user}": ${userResult.error.issues[0]?.message}`]),
    ...(port.success ? [] : [`port "${rawPort}": a port is a whole number from 1 to 65535`]),
  ];
  if (problems.length > 0 || !address.success || !userResult.success || !port.success) {
    throw new AppError('invalid_input', `cannot use the host "${text}": ${problems.join('; ')}`);
  }
  return { kind: 'ssh', user: userResult.data, address: address.data, port: port.data };
}

/** What opening any host needs; only SSH hosts use it. */
export interface OpenHostDeps {
  knownHosts: KnownHosts;
  secrets?: SecretResolver;
  onUnknownHostKey?: (key: HostKeyInfo) => boolean | Promise<boolean>;
  reconnect?: Partial<BackoffPolicy>;
  keepaliveIntervalMs?: number;
}

/**
 * Opens a HostSession for a host spec: LocalHost for `local`, SshHost (connected, verified)
 * for `ssh`. The spec is parsed with the HostSpec schema at this door.
 */
export async function openHostSession(spec: HostSpecInput, deps: OpenHostDeps): Promise<HostSession> {
  if (spec.kind === 'local') return createLocalHost();
  return connectSshHost({ spec, ...deps });
}
