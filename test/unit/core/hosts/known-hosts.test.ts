import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createKnownHostsFile,
  createMemoryKnownHosts,
  describeHostKey,
  fingerprintSha256,
  judgeHostKey,
  keyTypeOfBlob,
  lineMatchesHost,
  parseKnownHosts,
} from '../../../../src-main/core/hosts/known-hosts';

/** An SSH wire-format blob: string(type) string(32 key bytes), like an ed25519 public key. */
function blob(type = 'ssh-ed25519', body: Buffer = randomBytes(32)): Buffer {
  const field = (data: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  return Buffer.concat([field(Buffer.from(type)), field(body)]);
}

describe('known hosts', () => {
  it('fingerprints a key the way OpenSSH prints it', () => {
    const key = blob();
    expect(fingerprintSha256(key)).toBe(`SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`);
    expect(fingerprintSha256(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOfBlob(key)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(Buffer.from([1, 2]))).toBe('unknown');
  });

  it('matches plain, bracketed-port, hashed, wildcard and negated host patterns', () => {
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.0.0.5]:2222').digest('base64')}`;
    expect(lineMatchesHost(['gpu-box'], 'gpu-box', 22)).toBe(true);
    expect(lineMatchesHost(['gpu-box'], 'gpu-box', 2222)).toBe(false);
    expect(lineMatchesHost(['[gpu-box]:2222'], 'gpu-box', 2222)).toBe(true);
    expect(lineMatchesHost([hashed], '10.0.0.5', 2222)).toBe(true);
    expect(lineMatchesHost([hashed], '10.0.0.6', 2222)).toBe(false);
    expect(lineMatchesHost(['*.lab', '!bad.lab'], 'good.lab', 22)).toBe(true);
    expect(lineMatchesHost(['*.lab', '!bad.lab'], 'bad.lab', 22)).toBe(false);
  });

  it('matches * and ? patterns as the anchored, case-blind regex they stand for', () => {
    const asRegex = (pattern: string, name: string): boolean =>
      new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i').test(name);
    const text = (chars: string[], maxLength: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
    fc.assert(
      fc.property(text(['a', 'B', '.', '*', '?', '['], 8), text(['a', 'b', 'A', '.', '['], 8), (pattern, name) => {
        expect(lineMatchesHost([pattern], name, 22)).toBe(asRegex(pattern, name));
      }),
      { numRuns: 2000 },
    );
  });

  it('trusts the same key, refuses a changed one, and asks about an unknown one', async () => {
    const key = describeHostKey('gpu-box', 22, blob());
    const store = createMemoryKnownHosts([key]);
    expect((await judgeHostKey(store, key)).verdict).toBe('trusted');
    const changed = await judgeHostKey(store, describeHostKey('gpu-box', 22, blob()));
    expect(changed).toMatchObject({ verdict: 'changed', expectedFingerprints: [key.fingerprintSha256] });
    const otherType = await judgeHostKey(store, describeHostKey('gpu-box', 22, blob('ecdsa-sha2-nistp256')));
    expect(otherType).toMatchObject({ verdict: 'unknown', otherKnownTypes: ['ssh-ed25519'] });
    expect((await judgeHostKey(store, describeHostKey('other', 22, blob()))).verdict).toBe('unknown');
  });

  it('reads and appends an OpenSSH known_hosts file, and refuses a revoked key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmwb-known-'));
    const path = join(dir, 'known_hosts');
    const revoked = describeHostKey('gpu-box', 2222, blob());
    await writeFile(path, `# comment\n@revoked * ${revoked.keyType} ${revoked.keyBase64}\n`);
    const file = createKnownHostsFile(path);
    expect((await judgeHostKey(file, revoked)).verdict).toBe('revoked');
    const fresh = describeHostKey('gpu-box', 2222, blob());
    await file.add(fresh);
    expect(await readFile(path, 'utf8')).toContain(`[gpu-box]:2222 ssh-ed25519 ${fresh.keyBase64}\n`);
    expect((await judgeHostKey(file, fresh)).verdict).toBe('trusted');
    expect(parseKnownHosts(await readFile(path, 'utf8'))).toHaveLength(2);
    expect(await createKnownHostsFile(join(dir, 'missing')).lookup('x', 22)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
