import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConfig } from '../../src-main/core/configure/apply-config';
import { stopArgv } from '../../src-main/core/configure/host-scripts';
import { createConfigJournal } from '../../src-main/core/configure/journal';
import { createProcessLauncher, type ProcessLauncher } from '../../src-main/core/configure/process-launcher';
import type { StepEvent } from '../../src-main/core/configure/readiness-gate';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import type { AppError } from '../../src-shared/errors';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { disposeSshd, freePort, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';
import { totalSlotsAt, waitFor } from '../support/server-polls';

/**
 * The acceptance of issue #12's process method: a real `llmwb demo-server` (this repository's
 * bin/llmwb.mjs, through an owner's wrapper script named llama-server) started, restarted and
 * rolled back over a real loopback OpenSSH, as the workbench would on a remote host.
 */
let sshd: Sshd;
let session: HostSession;
let temp: { dir: string; cleanup(): Promise<void> };
let port: number;
let launcher: ProcessLauncher;
let stateDir: string;
const workspaceId = 'ws-ssh';

const config = (parallel: number, extraArgs?: string[]): ServerConfig => ({ flags: { port, parallel, ctxSize: 4096 }, ...(extraArgs ? { extraArgs } : {}) });
const url = (): string => `http://127.0.0.1:${port}`;

const totalSlots = (): Promise<number | null> => totalSlotsAt(url());


const connect = () => connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
const applyBase = () => ({ launcher, session, hostStateDir: stateDir, endpointUrl: url(), journal: createConfigJournal({ dataDir: temp.dir, workspaceId }), workspaceId, healthTimeoutMs: 60_000 });

beforeAll(async () => {
  temp = await makeTempDir('llmwb-configure-ssh-');
  sshd = await startSshd();
  session = await connect();
  port = await freePort();
  stateDir = join(temp.dir, 'host-state');
  const wrapper = join(temp.dir, 'llama-server');
  // The owner's server script: the demo on the sim engine with fixed timing, so it is light.
  await writeFile(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${resolve('bin/llmwb.mjs')}' demo-server --engine sim --sim-token-ms 2 "$@"\n`);
  await chmod(wrapper, 0o755);
  launcher = createProcessLauncher(session, { kind: 'process', argv: [wrapper, '--port', String(port), '-np', '2', '-c', '4096'], env: {}, stateDir }, { graceSeconds: 5 });
  await launcher.apply(config(2));
  await waitFor('the first start', async () => (await totalSlots()) === 2);
});

afterAll(async () => {
  const local = createLocalHost();
  await local.exec(stopArgv(stateDir, 2));
  await local.close();
  await session?.close();
  await disposeSshd(sshd);
  await temp.cleanup();
});

// Each restart starts a fresh `node` + tsx process: seconds apiece on a busy 2-core machine.
describe('the process launcher over SSH, managing a real llmwb demo-server', { timeout: 180_000 }, () => {
  it('applies -np 4: restarts the server, /props reports 4 slots, and the journal has the entry', async () => {
    expect(await launcher.read()).toEqual(config(2));
    const steps: string[] = [];
    const startedAt = Date.now();
    const onStep = (event: StepEvent): void => {
      if (event.state !== 'passed') return;
      steps.push(event.step);
      console.log(`${event.step} passed at +${((event.atMs - startedAt) / 1000).toFixed(1)} s: ${event.detail ?? ''}`);
    };
    const entry = await applyConfig({ ...applyBase(), next: config(4), deadManSeconds: 90, onStep });
    expect(await totalSlots()).toBe(4);
    expect(steps).toEqual(['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary', 'confirm']);
    expect(entry).toMatchObject({ result: 'applied', before: config(2), after: config(4), launchKind: 'process' });
    expect(await createConfigJournal({ dataDir: temp.dir, workspaceId }).get(entry.id)).toEqual(entry);
    expect(await launcher.read()).toEqual(config(4));
  });

  it("rolls back a flag the server rejects, showing the server's own log line", async () => {
    const failure = (await applyConfig({ ...applyBase(), next: config(3, ['--no-such-flag']), deadManSeconds: 90 }).catch((error: unknown) => error)) as AppError;
    expect(failure.message).toMatch(/did not come up \((process|health): the server process/);
    expect(failure.message).toContain('llama-server does not know the argument --no-such-flag');
    expect(failure.message).toContain('Rolled back: the previous configuration answers again.');
    expect(failure.hint).toContain('invalid argument: --no-such-flag (not a llama-server flag)');
    expect(await totalSlots()).toBe(4);
    const details = failure.details as { result: string; logExcerpt: string[] };
    expect(details.result).toBe('rolled_back');
    expect(details.logExcerpt.join('\n')).toContain('invalid argument: --no-such-flag');
  });

  it('restores last-known-good through the dead-man timer on the host when the SSH link drops mid-apply', async () => {
    const windowSeconds = 3;
    let droppedAt = 0;
    const onStep = (event: StepEvent): void => {
      if (event.step === 'restart' && event.state === 'passed' && droppedAt === 0) {
        droppedAt = Date.now();
        void sshd.stop();
      }
    };
    const failure = (await applyConfig({ ...applyBase(), next: config(3), deadManSeconds: windowSeconds, onStep }).catch((error: unknown) => error)) as AppError;
    expect(failure.message).toMatch(/dead-man timer on the host restores the previous configuration by/);
    await waitFor('the dead-man timer restoring -np 4', async () => (await totalSlots()) === 4);
    const restoredMs = Date.now() - droppedAt;
    console.log(`dead-man timer: window ${windowSeconds} s; the server answered on its last-known-good configuration ${(restoredMs / 1000).toFixed(1)} s after the SSH link dropped`);
    expect((await createConfigJournal({ dataDir: temp.dir, workspaceId }).list())[0]?.result).toBe('rollback_failed');
    await sshd.start();
  });

  it('leaves one server behind, the one its pid file names: stopping it leaves nothing answering', async () => {
    await waitFor('the session reconnecting', async () => session.state().state === 'connected');
    expect(await launcher.isRunning()).toBe(true);
    expect((await session.exec(stopArgv(stateDir, 5))).exitCode).toBe(0);
    expect(await launcher.isRunning()).toBe(false);
    await expect(fetch(`${url()}/health`)).rejects.toThrow();
  });
});
