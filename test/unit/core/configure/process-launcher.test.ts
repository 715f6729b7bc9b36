import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopArgv } from '../../../../src-main/core/configure/host-scripts';
import { adoptRunningServer, createProcessLauncher } from '../../../../src-main/core/configure/process-launcher';
import { createLocalHost } from '../../../../src-main/core/hosts/local-host';
import type { ServerConfig } from '../../../../src-shared/schemas/server-config';
import { makeTempDir } from '../../../support/temp-dir';

const host = createLocalHost();
let temp: { dir: string; cleanup(): Promise<void> };
let server: string;

/** True while /proc shows the pid as a live (not zombie) process. */
async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function pidIn(stateDir: string): Promise<number> {
  return Number((await readFile(join(stateDir, 'server.pid'), 'utf8')).trim());
}

/** The fake server's child `sleep`, which a stop must end too (it is in the server's process group). */
async function childOf(pid: number): Promise<number> {
  for (;;) {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim();
    if (children !== '') return Number(children.split(' ')[0]);
    await new Promise((done) => setTimeout(done, 20));
  }
}

beforeEach(async () => {
  temp = await makeTempDir('llmwb-process-launcher-');
  server = join(temp.dir, 'llama-server');
  await writeFile(server, '#!/bin/sh\necho "started with: $*"\necho "CUDA=$CUDA_VISIBLE_DEVICES"\nsleep 300 &\nwait\n');
  await chmod(server, 0o755);
});
afterEach(async () => {
  await host.exec(stopArgv(join(temp.dir, 'state'), 1));
  await temp.cleanup();
});

const eight: ServerConfig = { model: '/models/a b.gguf', flags: { parallel: 8, threads: 4 }, env: { CUDA_VISIBLE_DEVICES: '0' } };

describe('the process launcher on this machine', () => {
  it('starts the server detached in its own process group, with a pid file, a log and launch.json', async () => {
    const stateDir = join(temp.dir, 'state');
    const launcher = createProcessLauncher(host, { kind: 'process', argv: [server, '-np', '2'], env: {}, stateDir });
    expect(await launcher.isRunning()).toBe(false);
    expect(await launcher.read()).toEqual({ flags: { parallel: 2 } });
    await launcher.apply(eight);
    const pid = await pidIn(stateDir);
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    expect(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]).toBe(String(pid));
    expect(await launcher.isRunning()).toBe(true);
    expect(await launcher.read()).toEqual(eight);
    await childOf(pid);
    expect(await launcher.logTail(2)).toEqual(["started with: --model /models/a b.gguf --parallel 8 --threads 4", 'CUDA=0']);
  });

  it('restarts by stopping the whole old process group before starting the new one', async () => {
    const stateDir = join(temp.dir, 'state');
    const launcher = createProcessLauncher(host, { kind: 'process', argv: [server], env: {}, stateDir }, { graceSeconds: 1 });
    await launcher.apply(eight);
    const first = await pidIn(stateDir);
    const firstChild = await childOf(first);
    await launcher.apply({ flags: { parallel: 2 } });
    expect(await isAlive(first)).toBe(false);
    expect(await isAlive(firstChild)).toBe(false);
    expect(await pidIn(stateDir)).not.toBe(first);
    expect(await launcher.read()).toEqual({ flags: { parallel: 2 } });
  });

  it('plans the argv before and after, and restores through one self-contained command', async () => {
    const stateDir = join(temp.dir, 'state');
    const launcher = createProcessLauncher(host, { kind: 'process', argv: [server, '-np', '2'], env: {}, stateDir });
    const plan = await launcher.plan(eight);
    expect(plan.argvBefore).toEqual([server, '--parallel', '2']);
    expect(plan.argvAfter).toEqual([server, '--model', '/models/a b.gguf', '--parallel', '8', '--threads', '4']);
    const restore = await launcher.restoreCommand(eight);
    expect((await host.exec(restore)).exitCode).toBe(0);
    expect(await launcher.read()).toEqual(eight);
  });

  it("names its state folder after the endpoint under the host's $HOME, or refuses without one", async () => {
    const launcher = createProcessLauncher(host, { kind: 'process', argv: [server], env: {} }, { id: 'ep-1' });
    expect(await launcher.stateDir()).toBe(`${homedir()}/.local/state/llm-workbench/ep-1`);
    await expect(createProcessLauncher(host, { kind: 'process', argv: [server], env: {} }).stateDir()).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(createProcessLauncher(host, { kind: 'process', argv: [server], env: {} }, { id: '../x' }).stateDir()).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('adopts a running server: reads its argv from /proc and stops it by pid on the first apply', async () => {
    const owned = spawn(server, ['-np', '3', '--alias', "it's; $(x)"], { stdio: 'ignore', cwd: temp.dir });
    await new Promise((done) => owned.once('spawn', done));
    const settings = await adoptRunningServer(host, owned.pid!);
    expect(settings).toMatchObject({ argv: ['/bin/sh', server, '-np', '3', '--alias', "it's; $(x)"], adoptedPid: owned.pid, cwd: temp.dir });
    const stateDir = join(temp.dir, 'state');
    const launcher = createProcessLauncher(host, { ...settings, argv: [server, ...settings.argv.slice(2)], stateDir });
    // Until its first apply the adopted server's configuration is its launch argv (the /proc one,
    // less any API key that keepApiKeysOnHost moved into a file).
    expect(await launcher.read()).toEqual({ flags: { parallel: 3, alias: ["it's; $(x)"] } });
    expect(await launcher.isRunning()).toBe(true);
    const exited = new Promise((done) => owned.once('exit', done));
    await launcher.apply({ flags: { parallel: 3 } });
    await exited;
    expect(await pidIn(stateDir)).not.toBe(owned.pid);
  });
});
