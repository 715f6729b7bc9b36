import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { createContainerLauncher } from '../../src-main/core/configure/container-launcher';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { installFakeCommand, recordedCalls, withFakesOnPath, type FakeAnswer } from '../support/fake-commands';
import { makeTempDir } from '../support/temp-dir';

// Containers cannot start on the build machines: docker has no daemon, and `podman run` fails on
// setrlimit without CAP_SYS_RESOURCE (TOOLCHAIN.md "Service managers and containers"). So
// `docker`/`podman` are recording fakes on PATH that answer `inspect` from the fixtures, and
// these tests check the exact argv sequence the launcher runs through a real LocalHost session.

const fixture = (name: string): Promise<string> => readFile(new URL(`../fixtures/configure/container/${name}`, import.meta.url), 'utf8');
const dockerId = '7f3c9a1e52d04b6c8e1f2a9d3b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d';
const idFormat = ['inspect', '--type', 'container', '--format', '{{.Id}}'];

let temp: { dir: string; cleanup(): Promise<void> };
let binDir: string;
let host: HostSession;

const dockerAnswers = async (extra: FakeAnswer[] = []): Promise<FakeAnswer[]> => [
  ...extra,
  { args: ['inspect', '--type', 'container', 'llama-8b'], stdout: await fixture('docker-inspect-mounts.json') },
  { args: [...idFormat, 'llama-8b-llmwb-prev'], stderr: 'Error: No such object: llama-8b-llmwb-prev\n', exitCode: 1 },
  { args: ['inspect', '--type', 'container', '--format', '{{.State.Running}}', 'llama-8b'], stdout: 'true\n' },
  { args: ['inspect'], stderr: 'Error: No such object: nope\n', exitCode: 1 },
  { args: ['stop', 'llama-8b'], stdout: 'llama-8b\n' },
  { args: ['rename'] },
  { args: ['rm'] },
  { args: ['start'] },
  { args: ['run'], stdout: 'e0d1c2b3a4958677\n' },
  { args: ['logs', '--tail', '20', 'llama-8b'], stdout: 'build: 6000\n', stderr: 'main: server is listening on http://0.0.0.0:8080\n' },
];

beforeEach(async () => {
  temp = await makeTempDir('llmwb-container-');
  binDir = join(temp.dir, 'bin');
  await mkdir(binDir);
  host = withFakesOnPath(createLocalHost(), binDir);
  await installFakeCommand(binDir, 'docker', await dockerAnswers());
});

afterEach(async () => {
  await host.close();
  await temp.cleanup();
});

const launcherFor = (name = 'llama-8b') => createContainerLauncher(host, { kind: 'container', runtime: 'docker', name });
const withSlotsAndCpus = (config: ServerConfig): ServerConfig => ({ ...config, flags: { ...config.flags, parallel: 4, threads: 6 }, container: { cpus: 6, cpusetCpus: '0-5' } });
const newRunArgv = [
  'docker', 'run', '--detach', '--name', 'llama-8b', '--volume', '/srv/models:/models:ro', '--volume', 'llama-cache:/root/.cache', '--gpus', 'all',
  '--publish', '8080:8080/tcp', '--restart', 'unless-stopped', '--memory', '34359738368', '--memory-swap', '68719476736',
  '--cpus', '6', '--cpuset-cpus', '0-5', '--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--env', 'LLAMA_ARG_THREADS=6',
  '--entrypoint', '/app/llama-server', 'ghcr.io/ggml-org/llama.cpp:server-cuda',
  '-m', '/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf', '-np', '4', '-c', '65536', '-ngl', '99', '--host', '0.0.0.0', '--port', '8080', '--metrics',
];

describe('the container launcher', () => {
  it('reads the server flags, the environment and the CPU limits from docker inspect', async () => {
    const config = await launcherFor().read();
    expect(config.model).toBe('/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf');
    expect(config.flags).toMatchObject({ parallel: 8, ctxSize: 65536, gpuLayers: 99, threads: 4, metrics: true });
    expect(config.container).toEqual({ cpus: 4, cpusetCpus: '0-7' });
    expect(config.launch).toEqual({ kind: 'container', containerId: dockerId, image: 'ghcr.io/ggml-org/llama.cpp:server-cuda' });
  });

  it('recreates the container with new flags and CPU limits, keeping the old one stopped under another name', async () => {
    const launcher = launcherFor();
    const next = withSlotsAndCpus(await launcher.read());
    const plan = await launcher.plan(next);
    expect(plan.argvBefore).toContain('--cpus');
    expect(plan.argvAfter).toEqual(newRunArgv);
    expect(plan.files).toEqual([]);
    const before = (await recordedCalls(binDir)).length;
    await launcher.apply(next);
    expect((await recordedCalls(binDir)).slice(before)).toEqual([
      ['docker', 'inspect', '--type', 'container', 'llama-8b'],
      ['docker', ...idFormat, 'llama-8b-llmwb-prev'],
      ['docker', 'stop', 'llama-8b'],
      ['docker', 'rename', 'llama-8b', 'llama-8b-llmwb-prev'],
      newRunArgv,
    ]);
  });

  it('removes the container an earlier apply kept before keeping this one', async () => {
    await installFakeCommand(binDir, 'docker', await dockerAnswers([{ args: [...idFormat, 'llama-8b-llmwb-prev'], stdout: 'old\n' }]));
    const launcher = launcherFor();
    await launcher.apply(await launcher.read());
    expect((await recordedCalls(binDir)).slice(-4, -2)).toEqual([['docker', 'rm', '--force', 'llama-8b-llmwb-prev'], ['docker', 'stop', 'llama-8b']]);
  });

  it('rolls back by removing the new container, renaming the old one back by its id and starting it', async () => {
    const launcher = launcherFor();
    const restore = await launcher.restoreCommand(await launcher.read());
    // After the apply, the name holds the new container.
    await installFakeCommand(binDir, 'docker', await dockerAnswers([{ args: [...idFormat, 'llama-8b'], stdout: 'e0d1c2b3a4958677\n' }, { args: [...idFormat, dockerId], stdout: `${dockerId}\n` }]));
    const before = (await recordedCalls(binDir)).length;
    const result = await host.exec(restore);
    expect(result).toMatchObject({ exitCode: 0 });
    expect((await recordedCalls(binDir)).slice(before)).toEqual([
      ['docker', ...idFormat, 'llama-8b'],
      ['docker', ...idFormat, dockerId],
      ['docker', 'rm', '--force', 'llama-8b'],
      ['docker', 'rename', dockerId, 'llama-8b'],
      ['docker', 'start', 'llama-8b'],
    ]);
  });

  it('restores another configuration than the running one by creating the container with it', async () => {
    const launcher = launcherFor();
    const restore = await launcher.restoreCommand(withSlotsAndCpus(await launcher.read()));
    const before = (await recordedCalls(binDir)).length;
    expect((await host.exec(restore)).exitCode).toBe(0);
    expect((await recordedCalls(binDir)).slice(before)).toEqual([['docker', 'rm', '--force', 'llama-8b'], newRunArgv]);
  });

  it('asks inspect whether it runs and reads the logs of both streams', async () => {
    const launcher = launcherFor();
    expect(await launcher.isRunning()).toBe(true);
    expect(await launcher.logTail(20)).toEqual(['build: 6000', 'main: server is listening on http://0.0.0.0:8080']);
    expect((await recordedCalls(binDir)).at(-1)).toEqual(['docker', 'logs', '--tail', '20', 'llama-8b']);
  });

  it('reads a podman container with devices and a CPU quota', async () => {
    await installFakeCommand(binDir, 'podman', [{ args: ['inspect', '--type', 'container', 'llama-qwen'], stdout: await fixture('podman-inspect.json') }]);
    const config = await createContainerLauncher(host, { kind: 'container', runtime: 'podman', name: 'llama-qwen' }).read();
    expect(config.flags).toMatchObject({ parallel: 4, gpuLayers: 99 });
    expect(config.container).toEqual({ cpus: 4 });
  });
});

describe('bad input to the container launcher', () => {
  it('puts the old container straight back when the new one cannot be created, and says why', async () => {
    await installFakeCommand(binDir, 'docker', await dockerAnswers([
      { args: ['run'], stderr: 'docker: Error response from daemon: driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated.\n', exitCode: 125 },
      { args: [...idFormat, 'llama-8b'], stderr: 'Error: No such object: llama-8b\n', exitCode: 1 },
      { args: [...idFormat, dockerId], stdout: `${dockerId}\n` },
    ]));
    const launcher = launcherFor();
    const next = withSlotsAndCpus(await launcher.read());
    await expect(launcher.apply(next)).rejects.toMatchObject({ code: 'remote_command_failed', message: expect.stringContaining('port is already allocated') as string });
    expect((await recordedCalls(binDir)).slice(-6)).toEqual([
      ['docker', 'rename', 'llama-8b', 'llama-8b-llmwb-prev'],
      newRunArgv,
      ['docker', ...idFormat, 'llama-8b'],
      ['docker', ...idFormat, dockerId],
      ['docker', 'rename', dockerId, 'llama-8b'],
      ['docker', 'start', 'llama-8b'],
    ]);
  });

  it('names a container that does not exist and the host, before anything changes', async () => {
    const error = await launcherFor('nope').apply({ flags: { parallel: 2 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found', message: 'There is no docker container named nope on local.', hint: 'docker inspect said: Error: No such object: nope' });
    expect(await recordedCalls(binDir)).toEqual([['docker', 'inspect', '--type', 'container', 'nope']]);
  });
});
