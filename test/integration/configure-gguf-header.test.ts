import { appendFile, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGgufHeader } from '../../src-main/core/configure/gguf-header';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { estimateKvCache } from '../../src-shared/config/memory-estimate';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

const modelPath = resolve('resources/models/stories260K.gguf');
const modelBytes = 1_185_376;
let dir: string;
let sshd: Sshd;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmwb-gguf-'));
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
  await rm(dir, { recursive: true, force: true });
});

describe('reading a GGUF header on a host', () => {
  it('reads the bundled model through LocalHost and sizes its KV cache as llama.cpp reported (1.25 MiB for -c 2048 -np 1)', async () => {
    const header = await readGgufHeader(createLocalHost(), modelPath);
    expect(header.fileBytes).toBe(modelBytes);
    expect(header.facts).toMatchObject({ architecture: 'llama', layers: 5, contextLength: 2048, keyLength: 8, fileBytes: modelBytes });
    expect(estimateKvCache({ flags: { ctxSize: 2048, parallel: 1 } }, header.facts)?.bytes).toBe(1.25 * 1024 * 1024);
  });

  it('reads only the header of a big file: the weights never cross the session', async () => {
    const big = join(dir, 'big model.gguf');
    await copyFile(modelPath, big);
    await appendFile(big, Buffer.alloc(24 * 1024 * 1024));
    const header = await readGgufHeader(createLocalHost(), big);
    expect(header.fileBytes).toBe(modelBytes + 24 * 1024 * 1024);
    expect(header.bytesRead).toBeLessThan(header.fileBytes / 4);
  });

  it('reads the same facts over SSH from a path with spaces and shell characters', async () => {
    const odd = join(dir, "it's $(touch pwned) model.gguf");
    await copyFile(modelPath, odd);
    const ssh = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
    try {
      const [overSsh, local] = await Promise.all([readGgufHeader(ssh, odd), readGgufHeader(createLocalHost(), modelPath)]);
      expect(overSsh.facts).toEqual(local.facts);
    } finally {
      await ssh.close();
    }
  });

  it('falls back to od hex where the host has no base64, with the same facts', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    for (const tool of ['sh', 'tail', 'head', 'wc', 'od']) await symlink(`/usr/bin/${tool}`, join(bin, tool));
    const local = createLocalHost();
    // The same host with a PATH that holds no base64, as on a minimal image.
    const bare: HostSession = { ...local, exec: (argv, options) => local.exec(['/usr/bin/env', `PATH=${bin}`, ...argv], options) };
    const [viaOd, viaBase64] = await Promise.all([readGgufHeader(bare, modelPath), readGgufHeader(local, modelPath)]);
    expect(viaOd.facts).toEqual(viaBase64.facts);
  });

  it('refuses a missing model file with a message naming the path and the host', async () => {
    const missing = join(dir, 'no-such-model.gguf');
    await expect(readGgufHeader(createLocalHost(), missing)).rejects.toMatchObject({ code: 'not_found', message: `The model file ${missing} does not exist on local.` });
  });

  it('refuses a file that is not a GGUF model', async () => {
    const text = join(dir, 'notes.gguf');
    await writeFile(text, 'not a model\n');
    await expect(readGgufHeader(createLocalHost(), text)).rejects.toMatchObject({ code: 'parse_error', message: expect.stringContaining(`${text} on local is not a GGUF model file`) });
  });
});
