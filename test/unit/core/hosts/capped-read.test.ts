import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { byteSizeLabel, readCappedFile, readCappedText } from '../../../../src-main/core/hosts/capped-read';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmwb-capped-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cap = { what: 'the test file', maxBytes: 1024, hint: 'Use a smaller file.' };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('readCappedFile', () => {
  it('reads a file of exactly the cap and refuses one byte more, naming the file and the cap', async () => {
    const path = join(dir, 'key');
    await writeFile(path, 'k'.repeat(1024));
    expect(await readCappedFile(path, cap)).toBe('k'.repeat(1024));
    await writeFile(path, 'k'.repeat(1025));
    const error = await refusal(readCappedFile(path, cap));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`the test file ${path} is larger than 1 KiB; the workbench reads at most that.`);
    expect(error.hint).toBe('Use a smaller file.');
  });

  it('returns undefined for a file that does not exist', async () => {
    expect(await readCappedFile(join(dir, 'missing'), cap)).toBeUndefined();
  });

  it('refuses /dev/zero as a character device without reading it', async () => {
    const error = await refusal(readCappedFile('/dev/zero', cap));
    expect(error.message).toBe('the test file /dev/zero is not a regular file (it is a character device); the workbench reads only regular files here.');
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect((await refusal(readCappedFile(fifo, cap))).message).toContain('is not a regular file (it is a named pipe)');
  });

  it('refuses a directory', async () => {
    expect((await refusal(readCappedFile(dir, cap))).message).toContain('(it is a directory)');
  });

  it('refuses a 4 GiB sparse file from its size, before reading', async () => {
    const path = join(dir, 'huge');
    await writeFile(path, '');
    await truncate(path, 4 * 1024 ** 3);
    expect((await refusal(readCappedFile(path, cap))).message).toContain('is larger than 1 KiB');
  });
});

describe('readCappedText', () => {
  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('é€𝄞', 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(await readCappedText(Readable.from(chunks), 100)).toEqual({ kind: 'text', text: 'é€𝄞' });
  });

  it('stops an endless stream past the cap and ends it', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1000;
        this.push(Buffer.alloc(1000, 'a'));
      },
    });
    expect(await readCappedText(endless, 10_000)).toEqual({ kind: 'too-large' });
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(100_000);
  });
});

describe('byteSizeLabel', () => {
  it('names caps in the largest whole binary unit', () => {
    expect([byteSizeLabel(8 * 1024 * 1024), byteSizeLabel(64 * 1024), byteSizeLabel(1000)]).toEqual(['8 MiB', '64 KiB', '1000 bytes']);
  });
});
