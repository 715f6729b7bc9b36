import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../../src-shared/errors';
import { RunFolder } from '../../../../src-main/core/store/run-folder';
import { makeTempDir } from '../../../support/temp-dir';
import { mountTmpfs, tmpfsUnavailableReason, type Tmpfs } from '../../../support/tmpfs';

/** A request-record-sized line (~600 bytes), numbered so lost and kept lines can be counted. */
const record = (seq: number) => ({ seq, note: 'x'.repeat(580) });

function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter((line) => line !== '');
}

/** Appends batches of 7 records until a write fails (or `maxBatches`); resolves with how many records were handed over. */
async function fillUntilFailure(folder: RunFolder, maxBatches = 200): Promise<number> {
  let seq = 0;
  for (let batch = 0; batch < maxBatches && folder.failure === undefined; batch += 1) {
    folder.append('requests', Array.from({ length: 7 }, () => record(seq++)));
    await folder.flush().catch(() => undefined);
  }
  return seq;
}

describe('RunFolder on a failing disk (/dev/full, no root needed)', () => {
  const temps: Array<{ cleanup(): Promise<void> }> = [];
  afterEach(async () => Promise.all(temps.splice(0).map((temp) => temp.cleanup())));

  it('names a failed append "disk full while writing" the file, tells its listeners once and drops later appends', async () => {
    const temp = await makeTempDir('llmwb-run-folder-');
    temps.push(temp);
    const folder = await RunFolder.create(join(temp.dir, 'runs'), 'r1');
    symlinkSync('/dev/full', folder.path('requests'));
    const heard: AppError[] = [];
    folder.onFailure((failure) => heard.push(failure));
    folder.append('requests', [record(0), record(1)]);
    folder.append('requests', [record(2)]);
    await expect(folder.flush()).rejects.toMatchObject({ code: 'disk_full', message: expect.stringContaining(`disk full while writing ${folder.path('requests')} (ENOSPC`) });
    expect(heard.map((failure) => failure.code)).toEqual(['disk_full']);
    expect(folder.lostRecords('requests')).toBe(3);
  });

  it('removes the temp file of a summary that could not be written', async () => {
    const temp = await makeTempDir('llmwb-run-folder-');
    temps.push(temp);
    const folder = await RunFolder.create(join(temp.dir, 'runs'), 'r1');
    symlinkSync('/dev/full', `${folder.path('summary')}.tmp`);
    await expect(folder.writeJson('summary', { completed: 1 })).rejects.toMatchObject({ code: 'disk_full', message: expect.stringContaining(`disk full while writing ${folder.path('summary')} (ENOSPC`) });
    expect(readdirSync(folder.dir)).toEqual([]);
  });
});

const reason = tmpfsUnavailableReason();

describe.skipIf(reason !== undefined)(`RunFolder on a real full tmpfs${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let disk: Tmpfs;
  afterEach(() => disk?.unmount());

  it('keeps every whole line when the disk fills in the middle of a batch, and counts the records it could not write', async () => {
    disk = mountTmpfs(100);
    const folder = await RunFolder.create(join(disk.dir, 'runs'), 'r1');
    const handedOver = await fillUntilFailure(folder);
    expect(folder.failure?.code).toBe('disk_full');
    const kept = linesOf(folder.path('requests')).map((line) => JSON.parse(line) as { seq: number });
    expect(kept.map((line) => line.seq)).toEqual(Array.from({ length: kept.length }, (_, seq) => seq));
    expect(kept.length + folder.lostRecords('requests')).toBe(handedOver);
    expect(kept.length).toBeGreaterThan(50);
  });

  it('writes nothing more after the first failure, even once space is free again', async () => {
    disk = mountTmpfs(100);
    const folder = await RunFolder.create(join(disk.dir, 'runs'), 'r1');
    await folder.reserve();
    await fillUntilFailure(folder);
    const sizeAtFailure = statSync(folder.path('requests')).size;
    await folder.releaseReserve();
    folder.append('requests', [record(-1)]);
    await folder.flush().catch(() => undefined);
    expect(statSync(folder.path('requests')).size).toBe(sizeAtFailure);
  });

  it('removes the temp file of a summary that does not fit, and fits it once the reserve is given back', async () => {
    disk = mountTmpfs(100);
    const folder = await RunFolder.create(join(disk.dir, 'runs'), 'r1');
    await folder.reserve();
    await fillUntilFailure(folder);
    const summary = { notes: Array.from({ length: 40 }, (_, i) => `${i} ${'y'.repeat(200)}`) };
    await expect(folder.writeJson('summary', summary)).rejects.toMatchObject({ code: 'disk_full' });
    expect(readdirSync(folder.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await folder.releaseReserve();
    await folder.writeJson('summary', summary);
    expect(JSON.parse(readFileSync(folder.path('summary'), 'utf8'))).toEqual(summary);
    expect(readdirSync(folder.dir).sort()).toEqual(['requests.jsonl', 'summary.json']);
  });

  it('blames the read-only data folder, not a file, when the run folder cannot be created', async () => {
    disk = mountTmpfs(100);
    await writeFile(join(disk.dir, 'index.json'), '{}');
    disk.makeReadOnly();
    await expect(RunFolder.create(join(disk.dir, 'runs'), 'r1')).rejects.toMatchObject({
      code: 'read_only',
      message: expect.stringMatching(new RegExp(`^The data folder ${disk.dir} is read-only \\(EROFS\\)`)),
    });
  });
});
