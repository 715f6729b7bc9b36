import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src-shared/contract';
import { createDatasetHandlers } from '../../../src-main/core/datasets/dataset-handlers';
import { dispatch } from '../../../src-main/core/dispatch';
import { guardLocalFiles, localPathsIn, type LocalFileAccess } from '../../../src-main/core/local-files';
import { makeTempDir } from '../../support/temp-dir';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

/** A shell that allows exactly the paths in `allowed` and records every question. */
function accessAllowing(allowed: string[]): LocalFileAccess & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    pick: async () => allowed[0],
    mayRead: async (path) => {
      asked.push(path);
      return allowed.includes(path);
    },
  };
}

const calls: string[] = [];
const recorded = {
  ...createDatasetHandlers(),
  'runs.start': async () => {
    calls.push('runs.start');
    return { runId: 'run-1' };
  },
  'hosts.update': async () => {
    calls.push('hosts.update');
    return {};
  },
} as unknown as Omit<Handlers, 'files.pick'>;

const sshTarget = (identityPath: string, jumpIdentityPath: string) => ({
  kind: 'ssh',
  address: 'gpu-box',
  user: 'ada',
  auth: { kind: 'key', identityPath },
  jump: { address: 'bastion', user: 'ada', auth: { kind: 'key', identityPath: jumpIdentityPath } },
});

describe('local paths named by a request', () => {
  it('are the dataset file of an inspection or a run, and the key files of a host', () => {
    expect(localPathsIn('datasets.inspect', { kind: 'prompt-file', path: '/d/p.txt' } as never)).toEqual([{ path: '/d/p.txt', purpose: 'dataset' }]);
    expect(localPathsIn('runs.start', { dataset: { kind: 'sharegpt', path: '/d/s.json' } } as never)).toEqual([{ path: '/d/s.json', purpose: 'dataset' }]);
    expect(localPathsIn('runs.start', { dataset: { kind: 'synthetic' } } as never)).toEqual([]);
    expect(localPathsIn('hosts.update', { target: sshTarget('~/.ssh/a', '~/.ssh/b') } as never).map((use) => use.path)).toEqual(['~/.ssh/a', '~/.ssh/b']);
    expect(localPathsIn('hosts.update', { target: { kind: 'ssh', auth: { kind: 'agent', socketPath: '/run/agent.sock' } } } as never)).toEqual([{ path: '/run/agent.sock', purpose: 'agent-socket' }]);
    expect(localPathsIn('runs.list', {} as never)).toEqual([]);
  });
});

describe('the core behind a shell that checks local paths (Electron)', () => {
  it('does not read a dataset file the user did not choose', async () => {
    const secret = join(dir, 'credentials.txt');
    await writeFile(secret, 'aws_secret_access_key = AKIA-NOT-FOR-YOU\n');
    const result = await dispatch(guardLocalFiles(recorded, accessAllowing([])), 'datasets.inspect', { kind: 'prompt-file', path: secret });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(result)).not.toContain('AKIA');
  });

  it('reads a dataset file the user chose', async () => {
    const prompts = join(dir, 'prompts.txt');
    await writeFile(prompts, 'first prompt\nsecond prompt\n');
    const result = await dispatch(guardLocalFiles(recorded, accessAllowing([prompts])), 'datasets.inspect', { kind: 'prompt-file', path: prompts });
    expect(result).toMatchObject({ ok: true, output: { report: { prompts: 2 } } });
  });

  it('refuses a run whose dataset was not chosen, before the run starts', async () => {
    calls.length = 0;
    const plan = { url: 'http://127.0.0.1:8080', durationS: 5, load: { kind: 'closed', virtualUsers: 1 }, dataset: { kind: 'sharegpt', path: '/home/ada/.ssh/id_rsa' } };
    const access = accessAllowing([]);
    const result = await dispatch(guardLocalFiles(recorded, access), 'runs.start', plan);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('id_rsa') } });
    expect(access.asked).toEqual(['/home/ada/.ssh/id_rsa']);
    expect(calls).toEqual([]);
  });

  it('refuses a host whose jump key was not chosen, even when the first key was', async () => {
    calls.length = 0;
    const result = await dispatch(guardLocalFiles(recorded, accessAllowing(['~/.ssh/a'])), 'hosts.update', { workspaceId: 'w1', target: sshTarget('~/.ssh/a', '/etc/shadow') });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('/etc/shadow') } });
    expect(calls).toEqual([]);
  });

  it('offers the shell’s file dialog through files.pick', async () => {
    expect(await dispatch(guardLocalFiles(recorded, accessAllowing(['/d/chosen.json'])), 'files.pick', { purpose: 'dataset' })).toEqual({ ok: true, output: { path: '/d/chosen.json' } });
  });
});

describe('the core without such a shell (browser mode, CLI)', () => {
  it('reads the typed path as given', async () => {
    const prompts = join(dir, 'prompts.txt');
    await writeFile(prompts, 'only prompt\n');
    expect(await dispatch(guardLocalFiles(recorded, undefined), 'datasets.inspect', { kind: 'prompt-file', path: prompts })).toMatchObject({ ok: true });
  });

  it('answers files.pick with "unsupported"', async () => {
    expect(await dispatch(guardLocalFiles(recorded, undefined), 'files.pick', { purpose: 'identity' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
