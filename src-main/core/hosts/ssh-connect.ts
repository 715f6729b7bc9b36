import { homedir } from 'node:os';
import { NodeSSH, type Config } from 'node-ssh';
import { AppError } from '../../../src-shared/errors';
import type { HostKeyInfo, SshEndpoint } from '../../../src-shared/schemas/host';
import { readCappedFile } from './capped-read';
import { describeHostKey, judgeHostKey, type HostKeyVerdict, type KnownHosts } from './known-hosts';
import type { Ssh2Channel, Ssh2Client, Ssh2Error } from './ssh2-types';

/** Resolves secret ids (passwords, passphrases) through the app's secret store. */
export interface SecretResolver {
  get(secretId: string): Promise<string | undefined>;
}

/** What opening one SSH hop needs besides the endpoint itself. */
export interface SshConnectDeps {
  knownHosts: KnownHosts;
  secrets?: SecretResolver;
  /**
   * Asked when a host key is not on record, with its SHA256 fingerprint. `true` trusts it
   * and saves it to known hosts. Without it an unknown key is refused with `host_key_unknown`
   * (details carry the key, so the UI can show it and retry after the user accepts).
   */
  onUnknownHostKey?: (key: HostKeyInfo) => boolean | Promise<boolean>;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  readyTimeoutMs: number;
}

/** One open SSH connection (and the jump connection under it, if any). */
export interface SshLink {
  client: Ssh2Client;
  dispose(): void;
}

/** Host key algorithms ssh2 can verify, in its default order (ssh2 lib/protocol/constants.js). */
const supportedHostKeyAlgorithms = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * 64 KiB: the largest private key OpenSSH writes (RSA 16384, PEM) is under 13 KiB, so a bigger
 * "key" is the wrong path (`--identity /dev/zero`, a model file) and is refused before any read.
 */
export const maxIdentityFileBytes = 64 * 1024;

/** `user@host:port`, the way every message names a hop. */
export function endpointLabel(endpoint: Pick<SshEndpoint, 'user' | 'address' | 'port'>): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return `${endpoint.user}@${host}:${endpoint.port}`;
}

/**
 * Opens one verified, authenticated SSH connection. The host key is judged against known
 * hosts before any credential is sent; a changed or revoked key is refused. `via` is a
 * forwarded channel of a jump host to tunnel through. Rejects with AppError `host_key_changed`,
 * `host_key_unknown`, `auth_failed`, `unreachable` or `invalid_input`.
 */
export async function openSshLink(endpoint: SshEndpoint, deps: SshConnectDeps, via?: Ssh2Channel): Promise<SshLink> {
  const verdictBox: { verdict?: HostKeyVerdict; error?: unknown } = {};
  const config = await buildConfig(endpoint, deps, verdictBox);
  if (via !== undefined) config.sock = via;
  const ssh = new NodeSSH();
  try {
    await ssh.connect(config);
  } catch (error) {
    ssh.dispose();
    throw mapConnectError(error, endpoint, verdictBox);
  }
  const client = ssh.connection as unknown as Ssh2Client;
  return { client, dispose: () => ssh.dispose() };
}

/** Opens a tunnel from an open jump link to the target host's SSH port. */
export function forwardThrough(jump: SshLink, target: SshEndpoint): Promise<Ssh2Channel> {
  return new Promise((resolve, reject) => {
    jump.client.forwardOut('127.0.0.1', 0, target.address, target.port, (error, channel) => {
      if (error) {
        reject(new AppError('unreachable', `the jump host could not reach ${endpointLabel(target)}: ${error.message}`, { cause: error }));
      } else resolve(channel);
    });
  });
}

async function buildConfig(endpoint: SshEndpoint, deps: SshConnectDeps, verdictBox: { verdict?: HostKeyVerdict; error?: unknown }): Promise<Config> {
  const known = await deps.knownHosts.lookup(endpoint.address, endpoint.port);
  const knownAlgorithms = expandKeyTypes(known.filter((key) => key.revoked !== true).map((key) => key.keyType));
  const config: Config = {
    host: endpoint.address,
    port: endpoint.port,
    username: endpoint.user,
    readyTimeout: deps.readyTimeoutMs,
    keepaliveInterval: deps.keepaliveIntervalMs,
    keepaliveCountMax: deps.keepaliveCountMax,
    // Prefer the key types on record, as OpenSSH does, so a known host presents a key we can check.
    algorithms: { serverHostKey: [...knownAlgorithms, ...supportedHostKeyAlgorithms.filter((a) => !knownAlgorithms.includes(a))] },
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      verifyHostKey(endpoint, deps, key).then(
        (verdict) => {
          verdictBox.verdict = verdict;
          verify(verdict.verdict === 'trusted');
        },
        (error: unknown) => {
          verdictBox.error = error;
          verify(false);
        },
      );
    },
  } as Config;
  Object.assign(config, await credentialsFor(endpoint, deps));
  return config;
}

function expandKeyTypes(keyTypes: readonly string[]): string[] {
  const algorithms = keyTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  return [...new Set(algorithms.filter((algorithm) => supportedHostKeyAlgorithms.includes(algorithm)))];
}

async function verifyHostKey(endpoint: SshEndpoint, deps: SshConnectDeps, key: Buffer): Promise<HostKeyVerdict> {
  const verdict = await judgeHostKey(deps.knownHosts, describeHostKey(endpoint.address, endpoint.port, key));
  if (verdict.verdict !== 'unknown' || deps.onUnknownHostKey === undefined) return verdict;
  if (!(await deps.onUnknownHostKey(verdict.key))) return verdict;
  await deps.knownHosts.add(verdict.key);
  return { verdict: 'trusted', key: verdict.key };
}

async function credentialsFor(endpoint: SshEndpoint, deps: SshConnectDeps): Promise<Partial<Config>> {
  const auth = endpoint.auth;
  const label = endpointLabel(endpoint);
  if (auth.kind === 'agent') {
    const agent = auth.socketPath ?? process.env.SSH_AUTH_SOCK;
    if (agent === undefined || agent === '') {
      throw new AppError('invalid_input', `no ssh-agent to ask for ${label}: SSH_AUTH_SOCK is not set`, { hint: 'Start ssh-agent, or use a key file.' });
    }
    return { agent };
  }
  if (auth.kind === 'password') {
    const password = await deps.secrets?.get(auth.passwordSecretId);
    if (password === undefined) throw new AppError('auth_failed', `the password for ${label} is not in the secret store`);
    return { password, tryKeyboard: true };
  }
  const path = auth.identityPath.replace(/^~(?=$|\/)/, homedir());
  let privateKey: string | undefined;
  try {
    privateKey = await readCappedFile(path, { what: 'the identity file', maxBytes: maxIdentityFileBytes, hint: 'A private key is a few KiB: check that the path names the key file (such as ~/.ssh/id_ed25519).' });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', `cannot read the identity file ${path} for ${label}: ${(error as Error).message}`, { cause: error });
  }
  if (privateKey === undefined) throw new AppError('invalid_input', `cannot read the identity file ${path} for ${label}: there is no such file`);
  const passphrase = auth.passphraseSecretId === undefined ? undefined : await deps.secrets?.get(auth.passphraseSecretId);
  return passphrase === undefined ? { privateKey } : { privateKey, passphrase };
}

function describeCredentials(endpoint: SshEndpoint): string {
  if (endpoint.auth.kind === 'key') return `the key ${endpoint.auth.identityPath}`;
  if (endpoint.auth.kind === 'agent') return 'the keys in ssh-agent';
  return 'the stored password';
}

/** Maps what ssh2 / node-ssh threw into the AppError a user can act on. */
function mapConnectError(error: unknown, endpoint: SshEndpoint, verdictBox: { verdict?: HostKeyVerdict; error?: unknown }): AppError {
  if (error instanceof AppError) return error;
  const label = endpointLabel(endpoint);
  const verdict = verdictBox.verdict;
  if (verdict !== undefined && verdict.verdict !== 'trusted') return hostKeyError(verdict, label);
  if (verdictBox.error !== undefined) return new AppError('internal', `could not check the host key of ${label}: ${String(verdictBox.error)}`, { cause: verdictBox.error });
  const sshError = error as Ssh2Error;
  const message = sshError.message ?? String(error);
  if (sshError.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return new AppError('auth_failed', `authentication failed for ${label}: the server accepted none of the offered credentials (${describeCredentials(endpoint)})`, {
      hint: 'Check the user name, and that the public key is in ~/.ssh/authorized_keys on the host.',
      details: { user: endpoint.user, address: endpoint.address, port: endpoint.port },
    });
  }
  if (/passphrase|private ?key/i.test(message)) {
    return new AppError('auth_failed', `cannot use ${describeCredentials(endpoint)} for ${label}: ${message}`, { cause: error });
  }
  return new AppError('unreachable', `cannot connect to ${label}: ${message}`, { cause: error, details: { code: sshError.code, level: sshError.level } });
}

function hostKeyError(verdict: Exclude<HostKeyVerdict, { verdict: 'trusted' }>, label: string): AppError {
  const key = verdict.key;
  if (verdict.verdict === 'changed') {
    return new AppError(
      'host_key_changed',
      `REFUSED: the host key of ${label} has changed. It now presents ${key.keyType} ${key.fingerprintSha256}; on record is ${verdict.expectedFingerprints.join(', ')}. Someone may be intercepting the connection, or the host was reinstalled.`,
      { hint: 'If the host was reinstalled, remove its old key from known hosts, then connect again and check the new fingerprint.', details: { key, expectedFingerprints: verdict.expectedFingerprints } },
    );
  }
  if (verdict.verdict === 'revoked') {
    return new AppError('host_key_changed', `REFUSED: ${label} presents a revoked host key (${key.keyType} ${key.fingerprintSha256}).`, { details: { key } });
  }
  const others = verdict.otherKnownTypes.length > 0 ? ` Other key types (${verdict.otherKnownTypes.join(', ')}) are on record for this host: be suspicious.` : '';
  return new AppError('host_key_unknown', `the host key of ${label} is not known: ${key.keyType} ${key.fingerprintSha256}. Check this fingerprint on the host and accept it to connect.${others}`, {
    hint: 'On the host, `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints the fingerprint to compare.',
    details: { key, otherKnownTypes: verdict.otherKnownTypes },
  });
}
