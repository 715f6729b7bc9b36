import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import type { Workspace } from '../../../../src-shared/schemas/workspace';
import { EventBus } from '../../../../src-main/core/events';
import { createHostLeases, hostIdentity } from '../../../../src-main/core/host-service/host-lease';
import { createHostService } from '../../../../src-main/core/host-service/host-service';
import { createMemorySecrets } from '../../../../src-main/core/store/secrets';

const at = new Date(2026, 11, 7, 14, 5, 9).getTime();
const key = { kind: 'key' as const, identityPath: '/home/me/.ssh/id_ed25519' };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error('expected an AppError');
}

describe('host leases', () => {
  it('refuse a second experiment on a held host with what holds it and since when', () => {
    const leases = createHostLeases({ now: () => at });
    leases.acquire('gpu@box:22', 'llama-bench “q4 sweep”');
    const error = refusal(() => leases.acquire('gpu@box:22', 'a load run'));
    expect(error.code).toBe('host_busy');
    expect(error.message).toBe('host busy: llama-bench “q4 sweep” since 14:05:09');
    expect(error.details).toEqual({ host: 'gpu@box:22', what: 'llama-bench “q4 sweep”', sinceMs: at });
    expect(() => leases.acquire('gpu@other:22', 'a load run')).not.toThrow();
  });

  it('free the host on release, and a stale release never frees the next holder', () => {
    const leases = createHostLeases({ now: () => at });
    const first = leases.acquire('gpu@box:22', 'first');
    first.release();
    const second = leases.acquire('gpu@box:22', 'second');
    first.release();
    first.describe('renamed by a stale holder');
    expect(leases.holder('gpu@box:22')).toMatchObject({ what: 'second' });
    second.describe('load run r1');
    expect(refusal(() => leases.acquire('gpu@box:22', 'third')).message).toMatch(/^host busy: load run r1 since/);
    second.release();
    expect(leases.holder('gpu@box:22')).toBeUndefined();
  });

  it('key hosts by user@host:port, whatever the workspace or the case of the name', () => {
    expect(hostIdentity({ kind: 'ssh', address: 'GPU-Box.lan', port: 2222, user: 'me', auth: key })).toBe('me@gpu-box.lan:2222');
    expect(hostIdentity({ kind: 'ssh', address: '::1', port: 22, user: 'me', auth: { kind: 'agent' } })).toBe('me@[::1]:22');
    expect(hostIdentity({ kind: 'local' })).toBe('this machine');
  });
});

describe('hosts.withSession', () => {
  const workspaces: Workspace[] = [1, 2].map((n) => ({ id: `w${n}`, name: `w${n}`, host: { label: 'here', spec: { kind: 'local' } }, endpoints: [], createdAt: 1 }));
  const service = () =>
    createHostService({
      workspaces: { get: async (id) => workspaces.find((workspace) => workspace.id === id)!, setHost: async (id) => workspaces.find((workspace) => workspace.id === id)! },
      dataDir: '/nonexistent',
      secrets: createMemorySecrets(),
      bus: new EventBus(),
    });

  it('hands the workspace session to an experiment and holds the host until it ends, even by throwing', async () => {
    const hosts = service();
    let release!: () => void;
    const experiment = hosts.withSession('w1', (host) => new Promise<string>((resolve) => (release = () => resolve(host.label))), { experiment: 'a tuning step' });
    await expect.poll(() => hosts.holder('w1')).toMatchObject({ what: 'a tuning step', host: 'this machine' });
    await expect(hosts.withSession('w2', async () => 'never', { experiment: 'another' })).rejects.toMatchObject({ code: 'host_busy', message: expect.stringMatching(/^host busy: a tuning step since \d\d:\d\d:\d\d$/) });
    expect(await hosts.withSession('w2', async (host) => host.state().state)).toBe('connected');
    release();
    await experiment;
    expect(await hosts.holder('w1')).toBeUndefined();
    await expect(hosts.withSession('w1', () => Promise.reject(new Error('step failed')), { experiment: 'failing' })).rejects.toThrow('step failed');
    expect(await hosts.holder('w2')).toBeUndefined();
    await hosts.close();
  });
});
