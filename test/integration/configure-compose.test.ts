import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppError } from '../../src-shared/errors';
import { composeOverridePath, createComposeLauncher } from '../../src-main/core/configure/compose-launcher';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { installFakeCommand, recordedCalls, withFakesOnPath } from '../support/fake-commands';
import { makeTempDir } from '../support/temp-dir';

// `docker compose` cannot run here (no compose plugin and no daemon: TOOLCHAIN.md), so `docker`
// is a recording fake on PATH; the compose files are real files in a temp dir, read and written
// by the launcher through a real LocalHost session.

let temp: { dir: string; cleanup(): Promise<void> };
let binDir: string;
let userFile: string;
let overridePath: string;
let host: HostSession;

beforeEach(async () => {
  temp = await makeTempDir('llmwb-compose-');
  binDir = join(temp.dir, 'bin');
  await mkdir(binDir);
  userFile = join(temp.dir, 'stack', 'compose.yaml');
  overridePath = join(temp.dir, 'stack', 'compose.llmwb-override.yaml');
  await mkdir(join(temp.dir, 'stack'));
  await copyFile(new URL('../fixtures/configure/compose/compose.yaml', import.meta.url), userFile);
  host = withFakesOnPath(createLocalHost(), binDir);
  await installFakeCommand(binDir, 'docker', [
    { args: ['compose', '-f', userFile, 'ps'], stdout: '3f2a1b0c9d8e\n' },
    { args: ['compose', '-f', userFile, 'logs'], stdout: 'main: server is listening on http://0.0.0.0:8080\n' },
    { args: ['compose'] },
  ]);
});

afterEach(async () => {
  await host.close();
  await temp.cleanup();
});

const launcherFor = (service = 'llama-a', file = () => userFile) => createComposeLauncher(host, { kind: 'compose', runtime: 'docker', file: file(), service });

describe('the compose launcher', () => {
  it('reads the service command, environment and CPU limits from the user file', async () => {
    const config = await launcherFor().read();
    expect(config.model).toBe('/models/llama-3.1-8b-q4_k_m.gguf');
    expect(config.flags).toMatchObject({ parallel: 4, ctxSize: 16384, threads: 8, port: 8080 });
    expect(config.env).toEqual({ HF_HOME: '/cache/hf' });
    expect(config.container).toEqual({ cpus: 8, cpusetCpus: '0-7' });
  });

  it('writes an override beside the user file, never the file itself, then brings the service up with both', async () => {
    const userBefore = await readFile(userFile, 'utf8');
    const launcher = launcherFor();
    const current = await launcher.read();
    const next = { ...current, flags: { ...current.flags, parallel: 8, threads: 4 }, container: { cpus: 4, cpusetCpus: '0-7' } };
    const plan = await launcher.plan(next);
    expect(overridePath).toBe(composeOverridePath(userFile));
    expect(plan.commands).toEqual([['docker', 'compose', '-f', userFile, '-f', overridePath, 'up', '-d', 'llama-a']]);
    expect(plan.argvAfter).toEqual(['-m', '/models/llama-3.1-8b-q4_k_m.gguf', '-np', '8', '-c', '16384', '--host', '0.0.0.0', '--port', '8080']);
    await launcher.apply(next);
    const written = await readFile(overridePath, 'utf8');
    expect(written).toBe(plan.files[0]?.after);
    expect(parse(written)).toEqual({ services: { 'llama-a': { command: plan.argvAfter, environment: { LLAMA_ARG_THREADS: '4' }, cpus: 4 } } });
    expect(await readFile(userFile, 'utf8')).toBe(userBefore);
    expect(await recordedCalls(binDir)).toEqual([plan.commands[0]]);
    const { launch: _launch, ...readBack } = await launcher.read();
    const { launch: _nextLaunch, ...expected } = next;
    expect(readBack).toEqual(expected);
  });

  it('rolls back by removing the override and bringing the service up from the user file alone', async () => {
    const launcher = launcherFor();
    const good = await launcher.read();
    const restore = await launcher.restoreCommand(good);
    await launcher.apply({ ...good, flags: { ...good.flags, parallel: 2 } });
    expect((await host.exec(restore)).exitCode).toBe(0);
    await expect(readFile(overridePath, 'utf8')).rejects.toThrow(/ENOENT/);
    expect((await recordedCalls(binDir)).at(-1)).toEqual(['docker', 'compose', '-f', userFile, 'up', '-d', 'llama-a']);
    expect((await launcher.read()).flags.parallel).toBe(4);
  });

  it('rolls back to the previous override byte for byte', async () => {
    const previous = '# mine\nservices:\n  llama-b:\n    command: ["-np", "6"]\n';
    await writeFile(join(temp.dir, 'stack', 'compose.llmwb-override.yaml'), previous);
    const launcher = launcherFor('llama-b');
    const good = await launcher.read();
    expect(good.flags.parallel).toBe(6);
    const restore = await launcher.restoreCommand(good);
    await launcher.apply({ ...good, flags: { ...good.flags, parallel: 3 } });
    expect(await readFile(overridePath, 'utf8')).toContain('- "3"');
    await host.exec(restore);
    expect(await readFile(overridePath, 'utf8')).toBe(previous);
    expect((await recordedCalls(binDir)).at(-1)).toEqual(['docker', 'compose', '-f', userFile, '-f', overridePath, 'up', '-d', 'llama-b']);
  });

  it('keeps the program an entrypoint-less command names, and asks compose ps and logs', async () => {
    await writeFile(userFile, 'services:\n  llama-a:\n    image: x\n    command: /app/llama-server -np 2\n');
    const launcher = launcherFor();
    expect((await launcher.plan({ flags: { parallel: 5 } })).argvAfter).toEqual(['/app/llama-server', '-np', '5']);
    expect(await launcher.isRunning()).toBe(true);
    expect(await launcher.logTail(30)).toEqual(['main: server is listening on http://0.0.0.0:8080']);
    expect(await recordedCalls(binDir)).toEqual([
      ['docker', 'compose', '-f', userFile, 'ps', '--status', 'running', '--quiet', 'llama-a'],
      ['docker', 'compose', '-f', userFile, 'logs', '--no-color', '--no-log-prefix', '--tail', '30', 'llama-a'],
    ]);
  });
});

describe('bad input to the compose launcher', () => {
  it('names a compose file that does not exist and the host, before anything changes', async () => {
    const missing = join(temp.dir, 'nowhere', 'compose.yaml');
    const error = await launcherFor('llama-a', () => missing).apply({ flags: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found', message: `The compose file ${missing} does not exist on local.` });
    expect(await recordedCalls(binDir)).toEqual([]);
  });

  it('names a service the file does not have, before anything changes', async () => {
    await expect(launcherFor('llama-z').apply({ flags: {} })).rejects.toMatchObject({ code: 'not_found', message: `${userFile} on local has no service named llama-z.` });
    await expect(readFile(overridePath)).rejects.toThrow(/ENOENT/);
    expect(await recordedCalls(binDir)).toEqual([]);
  });
});
