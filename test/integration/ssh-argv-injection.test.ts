import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { inventoryCommand } from '../../src-main/cli/commands/inventory';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

let sshd: Sshd;
let ssh: HostSession;
let dir: string;
const hostile = ['; touch pwned', '$(touch pwned)', '`touch pwned`', "'; touch pwned; '", '" ; touch pwned ; "', '\n touch pwned', '-rf', '*', '&& touch pwned', '| touch pwned'];

beforeAll(async () => {
  sshd = await startSshd();
  ssh = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
  dir = await mkdtemp(join(tmpdir(), 'llmwb-injection-'));
});
afterAll(async () => {
  await ssh.close();
  await disposeSshd(sshd);
  await rm(dir, { recursive: true, force: true });
});

/** Runs printf over the host and reads each argument back exactly as the remote program got it. */
async function echoArgs(host: HostSession, args: readonly string[]): Promise<string[]> {
  const { stdout } = await host.exec(['sh', '-c', `cd "$1" && shift && printf '%s\\0' "$@"`, 'echo-args', dir, ...args]);
  return stdout.split('\0').slice(0, -1);
}

describe('no value reaches a shell as syntax', () => {
  it('hands hostile words to the remote program byte for byte over SSH, and nothing runs', async () => {
    expect(await echoArgs(ssh, hostile)).toEqual(hostile);
    const listing = await ssh.exec(['ls', '--', join(dir, '; touch pwned')]);
    expect(listing.exitCode).not.toBe(0);
    expect(await readdir(dir)).toEqual([]);
    expect(existsSync(join('/root', 'pwned'))).toBe(false);
  });

  it('quotes any argv so sh over SSH and locally gets exactly those words (property, real shells)', async () => {
    const local = createLocalHost();
    const word = fc.string({ unit: 'binary', maxLength: 16 }).map((text) => text.replaceAll('\0', ''));
    await fc.assert(
      fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 5 }), async (args) => {
        // printf's %s drops nothing, so what comes back is what sh received.
        expect(await echoArgs(ssh, args)).toEqual(args);
        expect(await echoArgs(local, args)).toEqual(args);
      }),
      { numRuns: 15 },
    );
    expect(await readdir(dir)).toEqual([]);
    await local.close();
  });

  it('rejects or harmlessly quotes hostile host, user and path fields given to the CLI', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    expect(await inventoryCommand(['--host', `ssh://root@127.0.0.1;touch ${join(dir, 'pwned')}`], io)).toBe(2);
    expect(await inventoryCommand(['--host', `ssh://root$(touch ${join(dir, 'pwned')})@127.0.0.1:${sshd.port}`], io)).toBe(2);
    const knownHosts = join(dir, 'kh; touch pwned');
    const identity = join(dir, 'no-key; touch pwned');
    expect(await inventoryCommand(['--host', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', identity, '--known-hosts', knownHosts], io)).toBe(2);
    expect(lines.join('\n')).toContain('cannot read the identity file');
    const json = join(dir, 'out; touch pwned.json');
    const code = await inventoryCommand(['--host', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', knownHosts, '--accept-new-host-key', '--json', json], io);
    expect(code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['kh; touch pwned', 'out; touch pwned.json']);
  });
});
