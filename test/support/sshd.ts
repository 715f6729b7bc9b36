import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real OpenSSH server on 127.0.0.1 for integration tests (TOOLCHAIN.md "A real OpenSSH server"). */
export interface Sshd {
  address: '127.0.0.1';
  port: number;
  user: string;
  dir: string;
  /** A private key the server accepts. */
  clientKeyPath: string;
  /** A private key the server does not accept. */
  wrongKeyPath: string;
  /** known_hosts file holding this server's host key (from ssh-keyscan). */
  knownHostsPath: string;
  /** Stops the server and every session process it forked (by pid), like a host going down. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same keys. */
  start(): Promise<void>;
}

export interface StartSshdOptions {
  /** Reuse a host key (to restart "the same host"); default a fresh ed25519 key. */
  hostKeyPath?: string;
  /** Listen on this port; default a free one. */
  port?: number;
}

/** Makes an ed25519 key pair without a passphrase; returns the private key path. */
export async function makeKeyPair(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return path;
}

/** A port nobody listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts sshd in a scratch dir: fresh ed25519 host and client keys, key-only auth, a free
 * port on loopback, root login by key (the CI runs as root). Resolves once ssh-keyscan gets
 * the host key, which also writes the known_hosts file.
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<Sshd> {
  await mkdir('/run/sshd', { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'llmwb-sshd-'));
  const hostKeyPath = options.hostKeyPath ?? (await makeKeyPair(dir, 'host_ed25519'));
  const clientKeyPath = await makeKeyPair(dir, 'client_ed25519');
  const wrongKeyPath = await makeKeyPair(dir, 'wrong_ed25519');
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${clientKeyPath}.pub`, 'utf8'), { mode: 0o600 });
  const port = options.port ?? (await freePort());
  const configPath = join(dir, 'sshd_config');
  await writeFile(configPath, sshdConfig(dir, port, hostKeyPath));
  const knownHostsPath = join(dir, 'known_hosts');
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('/usr/sbin/sshd', ['-D', '-f', configPath, '-E', join(dir, 'sshd.log')], { stdio: 'ignore' });
    await waitForHostKey(port, knownHostsPath, child);
  };
  const stop = async (): Promise<void> => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const current = child;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    const sessions = await descendantsOf(current.pid ?? -1);
    for (const pid of sessions) killQuietly(pid, 'SIGKILL');
    killQuietly(current.pid ?? -1, 'SIGTERM');
    await exited;
  };
  await start();
  return { address: '127.0.0.1', port, user: 'root', dir, clientKeyPath, wrongKeyPath, knownHostsPath, stop, start };
}

/** Stops the server and removes its scratch dir. */
export async function disposeSshd(sshd: Sshd | undefined): Promise<void> {
  if (sshd === undefined) return;
  await sshd.stop();
  await rm(sshd.dir, { recursive: true, force: true });
}

function sshdConfig(dir: string, port: number, hostKeyPath: string): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKeyPath}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'AllowTcpForwarding yes',
    'MaxSessions 30',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

async function waitForHostKey(port: number, knownHostsPath: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode} before listening`);
    const scan = await run('ssh-keyscan', ['-T', '2', '-p', String(port), '-t', 'ed25519', '127.0.0.1']).catch(() => ({ stdout: '' }));
    if (scan.stdout.includes('ssh-ed25519')) {
      await writeFile(knownHostsPath, scan.stdout);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd on port ${port} did not answer ssh-keyscan within 15 s`);
}

/** Every process below `root` (sshd forks a process per connection, which forks the shell). */
async function descendantsOf(root: number): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (afterName[1] !== undefined) parentOf.set(Number(entry), Number(afterName[1]));
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

/** The SshHostSpec that logs in to this server as root with its accepted key (or another key). */
export function sshdHostSpec(sshd: Sshd, identityPath: string = sshd.clientKeyPath) {
  return { kind: 'ssh' as const, address: sshd.address, port: sshd.port, user: sshd.user, auth: { kind: 'key' as const, identityPath } };
}
