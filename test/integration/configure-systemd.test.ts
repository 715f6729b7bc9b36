import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { createSystemdLauncher, dropInName } from '../../src-main/core/configure/systemd-launcher';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { disposeSshd, sshdHostSpec, startSshd } from '../support/sshd';
import { installFakeCommand, recordedCalls, withFakesOnPath, type FakeAnswer } from '../support/fake-commands';
import { makeTempDir } from '../support/temp-dir';

// There is no running systemd on the build machines (it is not PID 1), so `systemctl` and
// `journalctl` are recording fakes on PATH answering from the fixtures; everything else (the sh
// that writes the drop-in, cat, mv) runs for real through a LocalHost session. The drop-ins
// themselves are checked by the real `systemd-analyze verify`, which works offline.

const run = promisify(execFile);
const fixture = (name: string): Promise<string> => readFile(new URL(`../fixtures/configure/systemd/${name}`, import.meta.url), 'utf8');

let temp: { dir: string; cleanup(): Promise<void> };
let binDir: string;
let unitDir: string;
let host: HostSession;

const systemctlAnswers = (catText: string, unit = 'llama.service'): FakeAnswer[] => [
  { args: ['cat', unit], stdout: catText },
  { args: ['cat'], stderr: 'No files found for nope.service.\n', exitCode: 1 },
  { args: ['daemon-reload'] },
  { args: ['restart', unit] },
  { args: ['is-active', unit], stdout: 'active\n' },
];

beforeEach(async () => {
  temp = await makeTempDir('llmwb-systemd-');
  binDir = join(temp.dir, 'bin');
  unitDir = join(temp.dir, 'etc/systemd/system');
  await mkdir(binDir, { recursive: true });
  host = withFakesOnPath(createLocalHost(), binDir);
  await installFakeCommand(binDir, 'systemctl', systemctlAnswers(await fixture('llama-podman.cat.txt')));
  await installFakeCommand(binDir, 'journalctl', [{ args: ['-u', 'llama.service'], stdout: 'main: loading model\nmain: server is listening on http://0.0.0.0:8080\n' }]);
});

afterEach(async () => {
  await host.close();
  await temp.cleanup();
});

const withSlotsAndCpus = (config: ServerConfig): ServerConfig => ({
  ...config,
  flags: { ...config.flags, parallel: 8, threads: 8 },
  container: { cpus: 8, cpusetCpus: '0-7' },
});

describe('the systemd launcher on a unit that runs podman', () => {
  it('reads the server flags after the image and the CPU options before it', async () => {
    const config = await createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir }).read();
    expect(config.model).toBe('/models/qwen3-30b-a3b-q4_k_m.gguf');
    expect(config.flags).toMatchObject({ parallel: 4, ctxSize: 16384, threads: 16, port: 8080 });
    expect(config.env).toEqual({ HSA_OVERRIDE_GFX_VERSION: '11.0.0' });
    expect(config.container).toEqual({ cpus: 16, cpusetCpus: '0-15' });
    expect(config.launch).toEqual({ kind: 'systemd', unit: 'llama.service' });
  });

  it('writes a drop-in with the new flags and CPU limits, then runs daemon-reload and restart, in that order', async () => {
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir });
    const next = withSlotsAndCpus(await launcher.read());
    const plan = await launcher.plan(next);
    const dropInPath = join(unitDir, 'llama.service.d', dropInName);
    expect(plan.files).toEqual([{ path: dropInPath, before: null, after: expect.stringContaining('ExecStart=\nExecStart=/usr/bin/podman run') as string }]);
    expect(plan.argvAfter).toEqual([
      '/usr/bin/podman', 'run', '--rm', '--name', 'llama', '--cpuset-cpus', '0-7', '--cpus', '8', '--device', '/dev/kfd', '--device', '/dev/dri',
      '-v', '/srv/models:/models:ro', '-p', '8080:8080', '-e', 'HSA_OVERRIDE_GFX_VERSION=11.0.0', 'ghcr.io/ggml-org/llama.cpp:server-rocm',
      '-m', '/models/qwen3-30b-a3b-q4_k_m.gguf', '-np', '8', '-c', '16384', '-t', '8', '-ngl', '99', '--host', '0.0.0.0', '--port', '8080',
    ]);
    expect(plan.commands).toEqual([['systemctl', 'daemon-reload'], ['systemctl', 'restart', 'llama.service']]);
    await launcher.apply(next);
    expect(await readFile(dropInPath, 'utf8')).toBe(plan.files[0]?.after);
    expect((await recordedCalls(binDir)).slice(-3)).toEqual([['systemctl', 'cat', 'llama.service'], ['systemctl', 'daemon-reload'], ['systemctl', 'restart', 'llama.service']]);

    // systemd now shows our drop-in after the unit: the launcher reads back what it wrote.
    const catAfter = `${await fixture('llama-podman.cat.txt')}\n# ${dropInPath}\n${plan.files[0]?.after ?? ''}`;
    await installFakeCommand(binDir, 'systemctl', systemctlAnswers(catAfter));
    const { launch: _launch, ...readBack } = await launcher.read();
    const { launch: _nextLaunch, ...expected } = next;
    expect(readBack).toEqual(expected);
  });

  it('rolls back by removing its drop-in when the unit had none, with daemon-reload and restart', async () => {
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir });
    const good = await launcher.read();
    const restore = await launcher.restoreCommand(good);
    await launcher.apply(withSlotsAndCpus(good));
    const dropInPath = join(unitDir, 'llama.service.d', dropInName);
    await expect(readFile(dropInPath, 'utf8')).resolves.toContain('-np 8');
    const callsBefore = (await recordedCalls(binDir)).length;
    expect((await host.exec(restore)).exitCode).toBe(0);
    await expect(readFile(dropInPath, 'utf8')).rejects.toThrow(/ENOENT/);
    expect((await recordedCalls(binDir)).slice(callsBefore)).toEqual([['systemctl', 'daemon-reload'], ['systemctl', 'restart', 'llama.service']]);
  });

  it('rolls back to the previous drop-in byte for byte when one was there', async () => {
    const dropInPath = join(unitDir, 'llama.service.d', dropInName);
    const previous = '# an earlier apply\n[Service]\nExecStart=\nExecStart=/usr/bin/podman run --rm img -np 2\n';
    await mkdir(join(unitDir, 'llama.service.d'), { recursive: true });
    await writeFile(dropInPath, previous);
    await installFakeCommand(binDir, 'systemctl', systemctlAnswers(`${await fixture('llama-podman.cat.txt')}\n# ${dropInPath}\n${previous}`));
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir });
    const good = await launcher.read();
    expect(good.flags.parallel).toBe(2);
    const restore = await launcher.restoreCommand(good);
    await launcher.apply({ ...good, flags: { ...good.flags, parallel: 6 } });
    expect((await launcher.plan(good)).files[0]?.before).toContain('-np 6');
    await host.exec(restore);
    expect(await readFile(dropInPath, 'utf8')).toBe(previous);
  });

  it('asks systemctl is-active whether it runs and journalctl for its last lines', async () => {
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' });
    expect(await launcher.isRunning()).toBe(true);
    expect(await launcher.logTail(50)).toEqual(['main: loading model', 'main: server is listening on http://0.0.0.0:8080']);
    expect(await recordedCalls(binDir)).toEqual([
      ['systemctl', 'is-active', 'llama.service'],
      ['journalctl', '-u', 'llama.service', '-n', '50', '--no-pager', '-o', 'cat'],
    ]);
  });
});

describe('the systemd launcher on a user unit', () => {
  it('uses systemctl --user and a drop-in under the user config folder', async () => {
    const home = join(temp.dir, 'home');
    const userHost = withFakesOnPath(createLocalHost(), binDir, { HOME: home });
    await installFakeCommand(binDir, 'systemctl', [
      { args: ['--user', 'cat', 'llama-server.service'], stdout: await fixture('llama-direct.cat.txt') },
      { args: ['--user', 'daemon-reload'] },
      { args: ['--user', 'restart', 'llama-server.service'] },
    ]);
    const launcher = createSystemdLauncher(userHost, { kind: 'systemd', unit: 'llama-server.service', scope: 'user' });
    const config = await launcher.read();
    expect(config.flags).toMatchObject({ parallel: 8, ctxSize: 32768, threads: 8, alias: ['llama 8b'] });
    expect(config.env).toEqual({ HF_HOME: '/var/lib/llama/hf cache' });
    await launcher.apply({ ...config, flags: { ...config.flags, threads: 4 } });
    const dropIn = await readFile(join(home, '.config/systemd/user/llama-server.service.d', dropInName), 'utf8');
    // -t came from LLAMA_ARG_THREADS, so it stays an environment variable.
    expect(dropIn).toContain('Environment=LLAMA_ARG_THREADS=4\n');
    expect(dropIn).toContain('ExecStart=/usr/local/bin/llama-server \\\n    -m /models/llama-3.1-8b-q4_k_m.gguf');
    expect((await recordedCalls(binDir)).slice(-2)).toEqual([['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'restart', 'llama-server.service']]);
    await userHost.close();
  });
});

describe('the systemd launcher over SSH', () => {
  it('applies and rolls back through a real OpenSSH session the same way', async () => {
    const sshd = await startSshd();
    const ssh = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    try {
      const remote = withFakesOnPath(ssh, binDir);
      const launcher = createSystemdLauncher(remote, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir: join(unitDir, "it's here") });
      const good = await launcher.read();
      const restore = await launcher.restoreCommand(good);
      await launcher.apply({ ...good, flags: { ...good.flags, alias: ["$(touch pwned) 'x'"] } });
      const dropInPath = join(unitDir, "it's here", 'llama.service.d', dropInName);
      await expect(readFile(dropInPath, 'utf8')).resolves.toContain(`-a "$(touch pwned) 'x'"`);
      expect((await remote.exec(restore)).exitCode).toBe(0);
      await expect(readFile(dropInPath, 'utf8')).rejects.toThrow(/ENOENT/);
      expect((await recordedCalls(binDir)).slice(-2)).toEqual([['systemctl', 'daemon-reload'], ['systemctl', 'restart', 'llama.service']]);
    } finally {
      await ssh.close();
      await disposeSshd(sshd);
    }
  });
});

describe('bad input to the systemd launcher', () => {
  it('names a unit that does not exist and the host, before anything changes', async () => {
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'nope.service', scope: 'system' }, { unitDir });
    const error = await launcher.plan({ flags: { parallel: 2 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
    expect((error as AppError).message).toBe('The systemd unit nope.service does not exist on local.');
    expect((error as AppError).hint).toContain('No files found for nope.service.');
    await expect(launcher.apply({ flags: { parallel: 2 } })).rejects.toThrow('nope.service does not exist');
    expect(await recordedCalls(binDir)).toEqual([['systemctl', 'cat', 'nope.service'], ['systemctl', 'cat', 'nope.service']]);
    await expect(readFile(join(unitDir, 'nope.service.d', dropInName))).rejects.toThrow(/ENOENT/);
  });

  it('refuses container CPU limits for a unit that runs llama-server directly', async () => {
    await installFakeCommand(binDir, 'systemctl', systemctlAnswers(await fixture('llama-direct.cat.txt'), 'llama-server.service'));
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama-server.service', scope: 'system' }, { unitDir });
    const config = await launcher.read();
    await expect(launcher.plan({ ...config, container: { cpus: 4 } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: '/usr/local/bin/llama-server runs llama-server directly, not in a container: CPU limits (--cpus, --cpuset-cpus) cannot be set through its unit.',
    });
  });

  it('refuses a unit whose systemctl edit override would win over its drop-in', async () => {
    await installFakeCommand(binDir, 'systemctl', systemctlAnswers(await fixture('override-after-ours.cat.txt')));
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit: 'llama.service', scope: 'system' }, { unitDir });
    await expect(launcher.plan({ flags: {} })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('override.conf sets ExecStart= for llama.service') as string });
  });
});

describe('drop-ins checked by systemd itself', () => {
  it.each(['llama-podman.cat.txt', 'llama-direct.cat.txt'])('systemd-analyze verify accepts the unit of %s with the generated drop-in', async (name) => {
    const { exitCode } = await run('sh', ['-c', 'command -v systemd-analyze']).then(() => ({ exitCode: 0 }), () => ({ exitCode: 1 }));
    if (exitCode !== 0) return console.warn('systemd-analyze is not installed: the drop-in is not verified here');
    // verify checks that ExecStart's program exists: give the fixture's programs a home in the temp dir.
    const fakeRoot = join(temp.dir, 'programs');
    const text = (await fixture(name)).replaceAll('/usr/bin/', `${fakeRoot}/`).replaceAll('/usr/local/bin/', `${fakeRoot}/`);
    for (const program of ['podman', 'llama-server']) {
      await mkdir(fakeRoot, { recursive: true });
      await writeFile(join(fakeRoot, program), '#!/bin/sh\n');
      await chmod(join(fakeRoot, program), 0o755);
    }
    const unit = name.startsWith('llama-podman') ? 'llama.service' : 'llama-server.service';
    await installFakeCommand(binDir, 'systemctl', systemctlAnswers(text, unit));
    const launcher = createSystemdLauncher(host, { kind: 'systemd', unit, scope: 'system' }, { unitDir });
    const config = await launcher.read();
    const limits = name.startsWith('llama-podman') ? { container: { cpus: 1.5 } } : {};
    await launcher.apply({ ...config, flags: { ...config.flags, parallel: 2, alias: ['a "quoted" name'] }, ...limits });
    const unitText = (text.split(/^# \/.*$/m)[1] ?? '').trim();
    await writeFile(join(unitDir, unit), `${unitText}\n`);
    const verify = await run('systemd-analyze', ['verify', join(unitDir, unit)], { env: { ...process.env, SYSTEMD_UNIT_PATH: `${unitDir}:` } }).then(
      (result) => ({ code: 0, stderr: result.stderr }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(verify.stderr).not.toMatch(/llama|ignoring|Unknown/);
    expect(verify.code).toBe(0);
  });
});
