import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readCappedFile } from './capped-read';
import type { HostKeyInfo } from '../../../src-shared/schemas/host';

/** A key on record for a host and port, by key type (STYLE.md 10: host, port, key type). */
export interface KnownHostKey {
  keyType: string;
  keyBase64: string;
  /** Listed `@revoked`: refused whatever else says. */
  revoked?: boolean;
}

/**
 * Where host keys are kept. The OpenSSH file below is one implementation; the workspace store
 * can offer another. `lookup` returns every key recorded for that host and port, revoked ones marked.
 */
export interface KnownHosts {
  lookup(address: string, port: number): Promise<KnownHostKey[]>;
  add(key: HostKeyInfo): Promise<void>;
}

/** The verdict on a presented host key. Only `trusted` may proceed. */
export type HostKeyVerdict =
  | { verdict: 'trusted'; key: HostKeyInfo }
  | { verdict: 'unknown'; key: HostKeyInfo; otherKnownTypes: string[] }
  | { verdict: 'changed'; key: HostKeyInfo; expectedFingerprints: string[] }
  | { verdict: 'revoked'; key: HostKeyInfo };

interface KnownHostsLine {
  patterns: string[];
  keyType: string;
  keyBase64: string;
  marker: 'revoked' | 'cert-authority' | null;
}

/** OpenSSH's `SHA256:` fingerprint of a raw key blob: base64 of its SHA-256, padding removed. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH wire-format key blob (its first length-prefixed string). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** Describes a presented key the way the UI and the CLI show it. */
export function describeHostKey(address: string, port: number, keyBlob: Buffer): HostKeyInfo {
  return {
    address,
    port,
    keyType: keyTypeOfBlob(keyBlob),
    fingerprintSha256: fingerprintSha256(keyBlob),
    keyBase64: keyBlob.toString('base64'),
  };
}

/** The host field OpenSSH writes: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Reads known_hosts text (OpenSSH format: plain, hashed `|1|…`, wildcard and negated patterns). */
export function parseKnownHosts(text: string): KnownHostsLine[] {
  const lines: KnownHostsLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostsLine['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) continue;
    lines.push({ patterns: hosts.split(','), keyType, keyBase64, marker });
  }
  return lines;
}

/** Whether one known_hosts line names this host and port (negations win, as in OpenSSH). */
export function lineMatchesHost(patterns: readonly string[], address: string, port: number): boolean {
  const name = knownHostsName(address, port);
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (!patternMatches(body, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  return wildcardMatches(pattern.toLowerCase(), name.toLowerCase());
}

/**
 * OpenSSH's `*` (any run) and `?` (any one character) over the whole name, in at most
 * pattern × name steps: on a mismatch only the last `*` takes one more character. A regex built
 * from the pattern backtracked through every `*` at once: `*a*a*a*a*a*a*b` took 5.6 s on 60 letters.
 */
function wildcardMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p += 1;
      n += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      starN = n;
      p += 1;
    } else if (star !== -1) {
      p = star + 1;
      starN += 1;
      n = starN;
    } else return false;
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/**
 * Judges a presented host key against what is on record. Same type and key: trusted. A
 * different key of a type on record: changed (refuse). Nothing of this type on record:
 * unknown (ask the user, showing the fingerprint). A key listed `@revoked`: refused.
 */
export async function judgeHostKey(knownHosts: KnownHosts, presented: HostKeyInfo): Promise<HostKeyVerdict> {
  const all = await knownHosts.lookup(presented.address, presented.port);
  if (all.some((entry) => entry.revoked === true && entry.keyBase64 === presented.keyBase64)) {
    return { verdict: 'revoked', key: presented };
  }
  const known = all.filter((entry) => entry.revoked !== true);
  const sameType = known.filter((entry) => entry.keyType === presented.keyType);
  if (sameType.some((entry) => entry.keyBase64 === presented.keyBase64)) return { verdict: 'trusted', key: presented };
  if (sameType.length > 0) {
    const expectedFingerprints = sameType.map((entry) => fingerprintSha256(Buffer.from(entry.keyBase64, 'base64')));
    return { verdict: 'changed', key: presented, expectedFingerprints };
  }
  const otherKnownTypes = [...new Set(known.map((entry) => entry.keyType))];
  return { verdict: 'unknown', key: presented, otherKnownTypes };
}

/**
 * 8 MiB: a known_hosts line is 100–800 bytes, so this holds over 10,000 host keys, more than any
 * personal or team file; it is re-read on every connection, so a path naming something huge or
 * endless (`--known-hosts /dev/zero`) must be refused, not read.
 */
export const maxKnownHostsFileBytes = 8 * 1024 * 1024;

/**
 * A known_hosts file in OpenSSH format (so `ssh-keyscan` output and `~/.ssh/known_hosts`
 * work as they are). Re-read on every lookup: another process may have accepted a key.
 * `add` appends one line `[host]:port type key`, creating the file with mode 0600.
 */
export function createKnownHostsFile(path: string): KnownHosts {
  return {
    async lookup(address, port) {
      const text = await readCappedFile(path, { what: 'the known hosts file', maxBytes: maxKnownHostsFileBytes, hint: 'Point it at an OpenSSH known_hosts file.' });
      if (text === undefined) return [];
      return parseKnownHosts(text)
        .filter((line) => line.marker !== 'cert-authority' && lineMatchesHost(line.patterns, address, port))
        .map(({ keyType, keyBase64, marker }) => ({ keyType, keyBase64, revoked: marker === 'revoked' }));
    },
    async add(key) {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${knownHostsName(key.address, key.port)} ${key.keyType} ${key.keyBase64}\n`, { mode: 0o600 });
    },
  };
}

/** An in-memory KnownHosts, for tests and for a session that must not touch any file. */
export function createMemoryKnownHosts(initial: readonly HostKeyInfo[] = []): KnownHosts {
  const keys = [...initial];
  return {
    async lookup(address, port) {
      return keys.filter((key) => key.address === address && key.port === port).map(({ keyType, keyBase64 }) => ({ keyType, keyBase64 }));
    },
    async add(key) {
      keys.push(key);
    },
  };
}
