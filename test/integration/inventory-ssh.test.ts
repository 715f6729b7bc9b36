import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src-shared/schemas/inventory';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { takeInventory } from '../../src-main/core/inventory/take-inventory';
import { inventoryCommand } from '../../src-main/cli/commands/inventory';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
let sshd: Sshd;
let fakeServer: ChildProcess;
const scratchDirs: string[] = [];

/**
 * A stand-in "llama-server": a shell script of that name (the kernel names the process after
 * the script), started with tuning flags and an API key, so the inventory finds, parses and
 * redacts a real process.
 */
async function startFakeServer(): Promise<ChildProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'llmwb-fake-server-'));
  scratchDirs.push(dir);
  const script = join(dir, 'llama-server');
  await writeFile(script, '#!/bin/sh\nsleep 120\n');
  await chmod(script, 0o755);
  const child = spawn(script, ['-m', '/models/tiny.gguf', '-t', '8', '-np', '2', '--metrics', '--api-key', 'sk-test-123'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

/** The parts of an inventory that may differ between two takes a second apart. */
function stable(inventory: Inventory): unknown {
  const { host: _host, takenAt: _takenAt, memory, findings, ...rest } = inventory;
  // Evidence names the host and the instant it was read, which differ by design.
  const sameEitherWay = findings?.map(({ ruleId, title, suggestion }) => ({ ruleId, title, suggestion }));
  // The server's configuration records when it was read, which differs likewise.
  const server = rest.server?.config ? { ...rest.server, config: { ...rest.server.config, readAt: 0 } } : rest.server;
  return { ...rest, server, findings: sameEitherWay, memory: { totalBytes: memory.totalBytes, swapTotalBytes: memory.swapTotalBytes } };
}

beforeAll(async () => {
  sshd = await startSshd();
  fakeServer = await startFakeServer();
});
afterAll(async () => {
  if (fakeServer.pid !== undefined) process.kill(fakeServer.pid, 'SIGKILL');
  await disposeSshd(sshd);
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

describe('inventory over SSH and through LocalHost', () => {
  it('is the same machine either way, with thread count = nproc and the server found', async () => {
    const ssh = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    const local = createLocalHost();
    const serverPid = fakeServer.pid!;
    const [overSsh, overLocal] = await Promise.all([takeInventory(ssh, { serverPid }), takeInventory(local, { serverPid })]);
    await ssh.close();
    await local.close();
    expect(stable(overSsh)).toEqual(stable(overLocal));
    expect(overSsh.host).toBe(`root@127.0.0.1:${sshd.port}`);
    expect(overSsh.cpu.threads).toBe(nproc);
    expect(overSsh.server).toMatchObject({ pid: serverPid, threadsFlag: 8 });
    expect(overSsh.server!.flags).toContainEqual({ name: '-np', value: '2' });
    expect(JSON.stringify(overSsh)).not.toContain('sk-test-123');
    expect(overSsh.warnings).toContain(`llama-server runs with -t 8 on ${overSsh.cpu.physicalCores} physical cores`);
    const threads = overSsh.findings?.find((finding) => finding.ruleId === 'inventory.server-threads');
    expect(threads?.evidence).toContainEqual({ figure: 'server.threadsFlag', value: 8, source: { kind: 'inventory', id: overSsh.host, at: overSsh.takenAt } });
  });

  it('writes the fields the issue names from `llmwb inventory --json`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmwb-inventory-'));
    scratchDirs.push(dir);
    const json = join(dir, 'inventory.json');
    const lines: string[] = [];
    const code = await inventoryCommand(
      ['--host', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--server-pid', String(fakeServer.pid), '--json', json],
      { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    );
    expect(code).toBe(0);
    const inventory = JSON.parse(await readFile(json, 'utf8')) as Inventory;
    expect(inventory.cpu.threads).toBe(nproc);
    expect(inventory.cpu.physicalCores).toBeGreaterThan(0);
    expect(inventory.memory.totalBytes).toBeGreaterThan(0);
    expect(Array.isArray(inventory.gpus)).toBe(true);
    expect(inventory).toHaveProperty('container');
    expect(inventory.server?.pid).toBe(fakeServer.pid);
    expect(Array.isArray(inventory.warnings)).toBe(true);
    expect(lines.some((line) => line.startsWith('cpu '))).toBe(true);
  });
});
