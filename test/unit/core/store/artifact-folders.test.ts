import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { artifactFolders } from '../../../../src-main/core/store/artifact-folders';
import { makeTempDir } from '../../../support/temp-dir';

const Meta = z.object({ id: z.string(), label: z.string() });

describe('artifact folders', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('llmwb-artifacts-');
  });
  afterEach(() => temp.cleanup());

  it('keeps each kind under its own folder of the data folder, one folder per id', async () => {
    const reports = artifactFolders(temp.dir, 'reports');
    expect(reports.dir).toBe(join(temp.dir, 'reports'));
    expect(await reports.create('r-1')).toBe(join(temp.dir, 'reports', 'r-1'));
    expect(artifactFolders(temp.dir, 'diagnoses').folderOf('d-1')).toBe(join(temp.dir, 'diagnoses', 'd-1'));
  });

  it('writes and reads back a JSON file checked against its schema, and lists ids in order', async () => {
    const configs = artifactFolders(temp.dir, 'configs');
    expect(await configs.list()).toEqual([]);
    await configs.writeJson('c-2', 'meta.json', { id: 'c-2', label: 'second' });
    await configs.writeJson('c-1', 'meta.json', { id: 'c-1', label: 'first' });
    await mkdir(join(configs.dir, 'not an id'));
    expect(await configs.list()).toEqual(['c-1', 'c-2']);
    expect(await configs.readJson('c-1', 'meta.json', Meta)).toEqual({ id: 'c-1', label: 'first' });
    expect(await configs.readJson('c-3', 'meta.json', Meta)).toBeUndefined();
  });

  it('refuses an id that is not one before it reaches a path, and names a damaged file', async () => {
    const configs = artifactFolders(temp.dir, 'configs');
    expect(() => configs.folderOf('../escape')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    await configs.create('c-1');
    await writeFile(join(configs.dir, 'c-1', 'meta.json'), '{"id": 1}');
    await expect(configs.readJson('c-1', 'meta.json', Meta)).rejects.toMatchObject({ code: 'store_corrupt', message: expect.stringContaining('meta.json is damaged') });
  });
});
