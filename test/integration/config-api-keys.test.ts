import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeCore } from '../../src-main/cli/node-core';
import { configKeysOnHost } from '../../src-main/core/configure/api-key-file';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import type { Core } from '../../src-main/core/index';
import type { AppError } from '../../src-shared/errors';
import { makeTempDir } from '../support/temp-dir';

/**
 * A managed server's API keys stay on its host: the workspace index, the journal and every view
 * hold the path of a key file (`--api-key-file`, mode 600) in the server's state folder on the
 * host (here this machine), never the key.
 */
describe('API keys of a server the process method manages', () => {
  let core: Core;
  let temp: { dir: string; cleanup(): Promise<void> };
  let ref: { workspaceId: string; endpointId: string };
  let stateDir: string;
  let running: ChildProcess | undefined;

  const indexText = (): Promise<string> => readFile(join(temp.dir, 'data', 'index.json'), 'utf8');
  const keyFiles = async (): Promise<string[]> => (await readdir(stateDir)).filter((name) => name.startsWith('api-keys-'));

  beforeAll(async () => {
    temp = await makeTempDir('llmwb-config-api-keys-');
    stateDir = join(temp.dir, 'host-state');
    core = await createNodeCore({ dataDir: join(temp.dir, 'data'), shell: 'cli' });
    const workspace = await core.invoke('workspaces.create', { name: 'Keys', hostLabel: 'localhost' });
    const endpoint = await core.invoke('endpoints.add', { workspaceId: workspace.id, url: 'http://127.0.0.1:9' });
    ref = { workspaceId: workspace.id, endpointId: endpoint.id };
  });
  afterAll(async () => {
    running?.kill('SIGKILL');
    await core.close();
    await temp.cleanup();
  });

  it('moves --api-key and LLAMA_API_KEY into a key file only its owner reads, and stores its path', async () => {
    const launch = { kind: 'process' as const, argv: ['/opt/llama-server', '-np', '2', '--api-key', 'sk-one,sk-two'], env: { LLAMA_API_KEY: 'sk-env', OMP_NUM_THREADS: '1' }, stateDir };
    const endpoint = await core.invoke('endpoints.setLaunch', { ...ref, launch });
    const [file] = await keyFiles();
    const path = join(stateDir, file ?? '');
    expect(endpoint.launch).toEqual({ kind: 'process', argv: ['/opt/llama-server', '-np', '2', '--api-key-file', path], env: { OMP_NUM_THREADS: '1' }, stateDir });
    expect(await readFile(path, 'utf8')).toBe('sk-one\nsk-two\nsk-env\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await indexText()).not.toMatch(/sk-one|sk-two|sk-env/);
  });

  it('adopts a running server shown with its key redacted, reading the key again from its command line on the host', async () => {
    running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', '--', '--api-key', 'sk-adopted'], { stdio: 'ignore' });
    const pid = running.pid ?? 0;
    const suggested = { kind: 'process' as const, argv: [process.execPath, '--api-key', '***'], env: {}, stateDir, adoptedPid: pid };
    const endpoint = await core.invoke('endpoints.setLaunch', { ...ref, launch: suggested });
    const path = endpoint.launch?.kind === 'process' ? endpoint.launch.argv.at(-1) ?? '' : '';
    expect(endpoint.launch).toMatchObject({ argv: [process.execPath, '--api-key-file', path], adoptedPid: pid });
    expect(await readFile(path, 'utf8')).toBe('sk-adopted\n');
    expect(await indexText()).not.toMatch(/sk-adopted/);
  });

  it('refuses a redacted key with no running server to read it from', async () => {
    const launch = { kind: 'process' as const, argv: ['/opt/llama-server', '--api-key', '***'], env: {}, stateDir };
    const refused = (await core.invoke('endpoints.setLaunch', { ...ref, launch }).catch((error: unknown) => error)) as AppError;
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toMatch(/"\*\*\*" stands for a key of a running server being adopted; type the key itself/);
  });

  it('refuses to apply a configuration whose --api-key is the redacted placeholder, before anything restarts', async () => {
    const refused = (await core.invoke('config.apply', { ...ref, config: { flags: { parallel: 2, apiKey: ['***'] } } }).catch((error: unknown) => error)) as AppError;
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe('Not applied (nothing restarted): --api-key "***" is a key the workbench does not hold; type the key, or remove --api-key.');
    expect(await core.invoke('config.journal', { workspaceId: ref.workspaceId })).toEqual([]);
  });

  it('writes a key typed into a configuration to a new key file, so the journal keeps the path and a roll back keeps its own file', async () => {
    const host = createLocalHost();
    const first = await configKeysOnHost(host, { flags: { parallel: 2, apiKey: ['sk-typed'] } }, stateDir);
    const second = await configKeysOnHost(host, { flags: { parallel: 2, apiKey: ['sk-new'] } }, stateDir);
    expect(first).toEqual({ flags: { parallel: 2, apiKeyFile: expect.stringMatching(/\/api-keys-[0-9a-z]+$/) as string } });
    expect(second.flags.apiKeyFile).not.toBe(first.flags.apiKeyFile);
    expect(await readFile(String(first.flags.apiKeyFile), 'utf8')).toBe('sk-typed\n');
    expect(await configKeysOnHost(host, { flags: { parallel: 2 } }, stateDir)).toEqual({ flags: { parallel: 2 } });
  });
});
