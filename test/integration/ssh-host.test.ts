import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { createKnownHostsFile, createMemoryKnownHosts } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

const run = promisify(execFile);
let sshd: Sshd;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

describe('SshHost against OpenSSH on loopback', () => {
  it('runs argv commands and reports exit codes, with stdout and stderr apart', async () => {
    const host = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    expect(host.state().state).toBe('connected');
    const { stdout: localNproc } = await run('nproc');
    expect((await host.exec(['nproc'])).stdout).toBe(localNproc);
    expect(await host.exec(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    expect((await host.exec(['no-such-program-llmwb'])).exitCode).toBe(127);
    await host.close();
    expect(host.state().state).toBe('closed');
  });

  it('times out a command that runs too long', async () => {
    const host = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    const error = await rejection(host.exec(['sleep', '5'], { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    await host.close();
  });

  it('gets an authentication error naming the user and the host for a wrong key', async () => {
    const error = await rejection(connectSshHost({ spec: sshdHostSpec(sshd, sshd.wrongKeyPath), knownHosts: createKnownHostsFile(sshd.knownHostsPath) }));
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain(`root@127.0.0.1:${sshd.port}`);
    expect(error.message).toContain(sshd.wrongKeyPath);
  });

  it('refuses an unknown host key, showing the fingerprint ssh-keygen shows, and accepts it when asked', async () => {
    const { stdout } = await run('ssh-keygen', ['-lf', `${sshd.dir}/host_ed25519.pub`]);
    const fingerprint = stdout.split(' ')[1]!;
    const knownHosts = createMemoryKnownHosts();
    const error = await rejection(connectSshHost({ spec: sshdHostSpec(sshd), knownHosts }));
    expect(error.code).toBe('host_key_unknown');
    expect(error.message).toContain(fingerprint);
    const offered: string[] = [];
    const host = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts, onUnknownHostKey: (key) => (offered.push(key.fingerprintSha256), true) });
    expect(offered).toEqual([fingerprint]);
    expect(await knownHosts.lookup('127.0.0.1', sshd.port)).toHaveLength(1);
    await host.close();
  });

  it('refuses a host whose key changed (same port, reinstalled sshd) with a clear warning', async () => {
    const first = await startSshd();
    const knownHostsText = await readFile(first.knownHostsPath, 'utf8');
    await first.stop();
    const second = await startSshd({ port: first.port });
    try {
      const knownHosts = createKnownHostsFile(first.knownHostsPath);
      expect(await readFile(first.knownHostsPath, 'utf8')).toBe(knownHostsText);
      const error = await rejection(connectSshHost({ spec: sshdHostSpec(second), knownHosts }));
      expect(error.code).toBe('host_key_changed');
      expect(error.message).toMatch(/^REFUSED: the host key of root@127\.0\.0\.1:\d+ has changed/);
    } finally {
      await disposeSshd(second);
      await disposeSshd(first);
    }
  });

  it('stops reconnecting and reports failed, with the reason, when the host comes back with another key', async () => {
    const first = await startSshd();
    const host = await connectSshHost({ spec: sshdHostSpec(first), knownHosts: createKnownHostsFile(first.knownHostsPath), reconnect: { initialDelayMs: 100, maxDelayMs: 400 } });
    const states: string[] = [];
    let settle: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (settle = resolve));
    host.onState((state) => {
      states.push(state.state);
      if (state.state === 'failed') settle();
    });
    await first.stop();
    const second = await startSshd({ port: first.port });
    try {
      await failed;
      const state = host.state();
      expect(state.state === 'failed' && state.reason.code).toBe('host_key_changed');
      expect(states[0]).toBe('reconnecting');
      expect(states.at(-1)).toBe('failed');
    } finally {
      await host.close();
      await disposeSshd(second);
      await disposeSshd(first);
    }
  });

  it('reaches the target through a jump host', async () => {
    const spec = { ...sshdHostSpec(sshd), jump: { address: sshd.address, port: sshd.port, user: 'root', auth: { kind: 'key' as const, identityPath: sshd.clientKeyPath } } };
    const host = await connectSshHost({ spec, knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    expect((await host.exec(['echo', 'through the jump host'])).stdout).toBe('through the jump host\n');
    await host.close();
  });
});
