import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configCommand } from '../../src-main/cli/commands/config';
import { stopArgv } from '../../src-main/core/configure/host-scripts';
import { createProcessLauncher } from '../../src-main/core/configure/process-launcher';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { disposeSshd, freePort, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';
import { totalSlotsAt, waitFor } from '../support/server-polls';

/**
 * `llmwb config` end to end: a real `llmwb demo-server` (through an owner's wrapper script named
 * llama-server) managed by the process method over a real loopback OpenSSH, changed and rolled
 * back by the CLI command, each call a fresh core as a shell would run it.
 */
let sshd: Sshd;
let temp: { dir: string; cleanup(): Promise<void> };
let port: number;
let stateDir: string;
let target: string[];
const model = resolve('resources/models/stories260K.gguf');

const config = (parallel: number): ServerConfig => ({ model, flags: { port, parallel, ctxSize: 4096 } });

const totalSlots = (): Promise<number | null> => totalSlotsAt(`http://127.0.0.1:${port}`);


async function llmwbConfig(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await configCommand([...argv, ...target], { out: (line) => out.push(line), err: (line) => err.push(line) }, { dataDir: join(temp.dir, 'data') });
  return { code, out, err };
}

beforeAll(async () => {
  temp = await makeTempDir('llmwb-config-cli-');
  sshd = await startSshd();
  port = await freePort();
  stateDir = join(temp.dir, 'host-state');
  const wrapper = join(temp.dir, 'llama-server');
  await writeFile(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${resolve('bin/llmwb.mjs')}' demo-server --engine sim --sim-token-ms 2 "$@"\n`);
  await chmod(wrapper, 0o755);
  // The server as its owner left it: started by the process method, so its state folder knows its configuration.
  const session = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
  await createProcessLauncher(session, { kind: 'process', argv: [wrapper], env: {}, stateDir }, { graceSeconds: 5 }).apply(config(2));
  await session.close();
  await waitFor('the first start', async () => (await totalSlots()) === 2);
  const host = ['--host', `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath];
  target = [...host, '--via', 'process', '--exec', wrapper, '--state-dir', stateDir, '--url', `http://127.0.0.1:${port}`];
}, 120_000);

afterAll(async () => {
  const local = createLocalHost();
  await local.exec(stopArgv(stateDir, 2));
  await local.close();
  await disposeSshd(sshd);
  await temp.cleanup();
});

describe('llmwb config over SSH, on a demo-server the process method manages', { timeout: 180_000 }, () => {
  it('set -np 4 --dry-run prints the diff and the memory estimate and changes nothing', async () => {
    const { code, out, err } = await llmwbConfig('set', '-np', '4', '--dry-run');
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('change   -np: 2 → 4');
    expect(out.find((line) => line.startsWith('- argv'))).toMatch(/--parallel 2/);
    expect(out.find((line) => line.startsWith('+ argv'))).toMatch(/--parallel 4/);
    expect(out.find((line) => line.startsWith('memory'))).toMatch(/^memory {3}-np 4 -c 4096 needs .+ of KV cache \(.+ with the .+ model\); the host has .+ of RAM: it fits\.$/);
    expect(out.at(-1)).toBe('dry run: nothing changed');
    expect(await totalSlots()).toBe(2);
    expect((await llmwbConfig('journal')).out).toEqual(['no configuration applied yet']);
  });

  it('refuses an unknown flag name before reading anything from the host', async () => {
    const { code, err } = await llmwbConfig('set', '--no-such-flag', '1');
    expect(code).toBe(2);
    expect(err[0]).toBe('llmwb config set: unknown llama-server flag --no-such-flag');
  });

  it('set -np 4 applies it through every readiness step, and rollback undoes it', async () => {
    const applied = await llmwbConfig('set', '-np', '4');
    expect(applied.err).toEqual([]);
    expect(applied.code).toBe(0);
    const steps = applied.out.filter((line) => line.startsWith('ok ')).map((line) => line.split(/\s+/)[1]?.replace(/:$/, ''));
    expect(steps).toEqual(['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary', 'confirm']);
    expect(applied.out.at(-1)).toMatch(/^applied: journal entry cfg-/);
    expect(await totalSlots()).toBe(4);

    const rolledBack = await llmwbConfig('rollback');
    expect(rolledBack.err).toEqual([]);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.out[0]).toMatch(/^undoing cfg-\S+ {2}\S+ {2}applied {2}-np: 2 → 4$/);
    expect(await totalSlots()).toBe(2);
    const journal = (await llmwbConfig('journal')).out;
    expect(journal).toHaveLength(2);
    expect(journal[0]).toMatch(/applied {2}-np: 4 → 2$/);
  });
});
