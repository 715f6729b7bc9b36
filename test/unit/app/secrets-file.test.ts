import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corruptSecretsName, openSecretsFile } from '../../../src-main/app/secrets-file';
import { makeTempDir } from '../../support/temp-dir';

let dir: string;
let cleanup: () => Promise<void>;
let notices: string[];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  notices = [];
});
afterEach(() => cleanup());

const open = () => openSecretsFile(join(dir, 'secrets.json'), (notice) => notices.push(notice));

describe('the secrets file', () => {
  it('reads as empty when it does not exist yet, without a notice', async () => {
    expect(await open().read()).toEqual({});
    expect(notices).toEqual([]);
  });

  it('reads back what was written, and only its owner can read it', async () => {
    await open().write({ a: 'QUJD', b: 'REVG' });
    expect(await open().read()).toEqual({ a: 'QUJD', b: 'REVG' });
    if (process.platform !== 'win32') expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp file behind after a write', async () => {
    await open().write({ a: 'QUJD' });
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  for (const [what, text] of [
    ['truncated JSON', '{"a":"QUJD","b":'],
    ['a JSON array', '["QUJD"]'],
    ['an entry that is not a string', '{"a":"QUJD","b":42}'],
  ] as const) {
    it(`moves ${what} aside under a dated name with a notice, bytes intact`, async () => {
      await writeFile(join(dir, 'secrets.json'), text);
      expect(await open().read()).toEqual({});
      const files = await readdir(dir);
      const aside = files.find((name) => /^secrets\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/.test(name));
      expect(aside).toBeDefined();
      expect(files).not.toContain('secrets.json');
      expect(await readFile(join(dir, aside!), 'utf8')).toBe(text);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(join(dir, aside!));
    });
  }

  it('refuses to treat a file it cannot read as empty', async () => {
    await mkdir(join(dir, 'secrets.json'));
    await expect(open().read()).rejects.toThrow(/could not be read/);
    expect(notices).toEqual([]);
  });

  it('names the moved-aside copy after the time, the way the index does', () => {
    expect(corruptSecretsName('/data/secrets.json', new Date('2025-01-31T10:00:00.000Z'))).toBe(join('/data', 'secrets.corrupt-2025-01-31T10-00-00-000Z.json'));
  });
});
