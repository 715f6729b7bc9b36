import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../support/temp-dir';

// The OS keychain is Electron's; this stand-in encrypts by reversing the bytes, which is enough
// to tell an encrypted value from the clear one.
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (value: string) => Buffer.from(value, 'utf8').reverse(),
    decryptString: (buffer: Buffer) => Buffer.from(buffer).reverse().toString('utf8'),
  },
}));

const { createSafeStorageSecrets } = await import('../../../src-main/app/safe-storage');

let dir: string;
let cleanup: () => Promise<void>;
let notices: string[];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  notices = [];
});
afterEach(() => cleanup());

const file = () => join(dir, 'secrets.json');
const open = () => createSafeStorageSecrets(file(), (notice) => notices.push(notice));

describe('secrets kept with safeStorage', () => {
  it('stores values encrypted and reads them back', async () => {
    await open().set('key-1', 'hunter2');
    expect(await readFile(file(), 'utf8')).not.toContain('hunter2');
    expect(await open().get('key-1')).toBe('hunter2');
  });

  it('keeps every secret when many are saved at once', async () => {
    const secrets = open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => secrets.set(`key-${i}`, `value-${i}`)));
    const reopened = open();
    for (let i = 0; i < 20; i += 1) expect(await reopened.get(`key-${i}`)).toBe(`value-${i}`);
  });

  it('does not overwrite a corrupt file on the next save: the old one is moved aside first', async () => {
    const corrupt = '{"key-1":"MmRldG51aA==","key-2":';
    await writeFile(file(), corrupt);
    await open().set('key-3', 'new');
    const aside = (await readdir(dir)).find((name) => name.startsWith('secrets.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(corrupt);
    expect(await open().get('key-3')).toBe('new');
    expect(notices).toHaveLength(1);
  });

  it('removes one secret and keeps the others', async () => {
    const secrets = open();
    await secrets.set('a', '1');
    await secrets.set('b', '2');
    await secrets.remove('a');
    expect(await secrets.get('a')).toBeUndefined();
    expect(await secrets.get('b')).toBe('2');
  });
});
