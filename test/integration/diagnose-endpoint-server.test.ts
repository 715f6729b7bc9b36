import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryOfEndpoint } from '../../src-main/core/diagnose/endpoint-server';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { takeInventory } from '../../src-main/core/inventory/take-inventory';
import type { Inventory } from '../../src-shared/schemas/inventory';
import { makeTempDir } from '../support/temp-dir';

/** A process named llama-server on this machine, as another server on the host would be (it only sleeps). */
describe('the llama-server of an endpoint, among those on its host', () => {
  let temp: { dir: string; cleanup(): Promise<void> };
  let other: ChildProcess;
  let inventory: Inventory;
  beforeAll(async () => {
    temp = await makeTempDir('llmwb-endpoint-server-');
    const binary = join(temp.dir, 'llama-server');
    await writeFile(binary, '#!/bin/sh\nsleep 60 &\nwait\n');
    await chmod(binary, 0o755);
    other = spawn(binary, ['--port', '8081', '-t', '2'], { stdio: 'ignore' });
    await new Promise((done) => other.once('spawn', done));
    inventory = await takeInventory(createLocalHost(), { serverPid: other.pid! });
  });
  afterAll(async () => {
    other.kill('SIGKILL');
    await temp.cleanup();
  });

  it('keeps the server whose --port is the URL’s', () => {
    expect(inventory.server?.threadsFlag).toBe(2);
    expect(inventoryOfEndpoint(inventory, 'http://127.0.0.1:8081')).toBe(inventory);
  });

  it('leaves out another server, its cgroup and container, and says why', () => {
    const kept = inventoryOfEndpoint(inventory, 'http://127.0.0.1:18311');
    expect(kept).toMatchObject({ server: null, cgroup: null, container: null });
    expect(kept.warnings.at(-1)).toBe(`The llama-server found on ${inventory.host} (pid ${other.pid}, port 8081) is not this endpoint's (port 18311): its flags, process and container limits are left out of the diagnosis.`);
  });
});
