import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cutToLastWholeLine, describeWriteFailure } from '../../../../src-main/core/store/write-failure';
import { makeTempDir } from '../../../support/temp-dir';

const errno = (code: string, text: string) => Object.assign(new Error(`${code}: ${text}, write`), { code });

describe('describeWriteFailure', () => {
  it('calls ENOSPC and EDQUOT a full disk and names the file being written', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const error = describeWriteFailure(errno(code, 'no space left on device'), { file: '/d/runs/r1/requests.jsonl', dataDir: '/d' });
      expect(error.code).toBe('disk_full');
      expect(error.message).toBe(`disk full while writing /d/runs/r1/requests.jsonl (${code}: no space left on device)`);
      expect(error.hint).toContain('/d');
      expect(error.details).toEqual({ file: '/d/runs/r1/requests.jsonl', errno: code });
    }
  });

  it('blames the read-only data folder, not the file, for EROFS, EACCES and EPERM', () => {
    const rofs = describeWriteFailure(errno('EROFS', 'read-only file system'), { file: '/d/runs/r1/plan.json', dataDir: '/d' });
    expect(rofs).toMatchObject({ code: 'read_only', message: 'The data folder /d is read-only (EROFS); /d/runs/r1/plan.json could not be written.' });
    expect(describeWriteFailure(errno('EACCES', 'permission denied'), { file: '/d/x', dataDir: '/d' }).message).toMatch(/^The data folder \/d is read-only to this user \(EACCES\)/);
    expect(describeWriteFailure(errno('EPERM', 'operation not permitted'), { file: '/d/x', dataDir: '/d' }).code).toBe('read_only');
  });

  it('says which file failed for any other error', () => {
    expect(describeWriteFailure(errno('EIO', 'i/o error'), { file: '/d/x', dataDir: '/d' })).toMatchObject({ code: 'internal', message: 'failed writing /d/x: EIO: i/o error, write' });
  });
});

describe('cutToLastWholeLine', () => {
  const temps: Array<{ cleanup(): Promise<void> }> = [];
  afterEach(async () => Promise.all(temps.splice(0).map((temp) => temp.cleanup())));

  async function fileWith(text: string): Promise<string> {
    const temp = await makeTempDir('llmwb-cut-');
    temps.push(temp);
    const path = join(temp.dir, 'f.jsonl');
    await writeFile(path, text);
    return path;
  }

  it('cuts a half-written last line and keeps the whole ones', async () => {
    const path = await fileWith('{"a":1}\n{"a":2}\n{"a":');
    expect(await cutToLastWholeLine(path)).toBe(16);
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('leaves a file that ends in a newline as it is', async () => {
    const path = await fileWith('{"a":1}\n');
    expect(await cutToLastWholeLine(path)).toBe(8);
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n');
  });

  it('empties a file with no whole line, and finds a newline further back than one read chunk', async () => {
    const torn = await fileWith('{"a":');
    expect(await cutToLastWholeLine(torn)).toBe(0);
    expect(await readFile(torn, 'utf8')).toBe('');
    const long = await fileWith(`{"a":1}\n${'z'.repeat(200_000)}`);
    expect(await cutToLastWholeLine(long)).toBe(8);
  });

  it('keeps nothing of a file that does not exist, without failing', async () => {
    expect(await cutToLastWholeLine('/nonexistent-llmwb/f.jsonl')).toBe(0);
  });
});
