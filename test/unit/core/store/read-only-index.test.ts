import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { openIndex } from '../../../../src-main/core/store/index-db';
import { readOnlyIndex } from '../../../../src-main/core/store/read-only-index';
import { makeTempDir } from '../../../support/temp-dir';

describe('readOnlyIndex', () => {
  const temps: Array<{ cleanup(): Promise<void> }> = [];
  afterEach(async () => Promise.all(temps.splice(0).map((temp) => temp.cleanup())));

  async function openWith(workspaceName: string) {
    const temp = await makeTempDir('llmwb-ro-index-');
    temps.push(temp);
    const { index } = await openIndex(temp.dir);
    await index.update((data) => data.workspaces.push({ id: 'w1', name: workspaceName, host: { label: 'this machine' }, endpoints: [], createdAt: Date.now() }));
    return index;
  }

  it('reads what the file holds and lets an update that changes nothing through', async () => {
    const index = readOnlyIndex(await openWith('lab'), new AppError('read_only', 'The data folder /x is read-only (EROFS).'));
    expect((await index.read()).workspaces.map((workspace) => workspace.name)).toEqual(['lab']);
    expect(await index.update((data) => data.runs.length)).toBe(0);
  });

  it('refuses an update that would change something with the read-only error, and leaves the file as it was', async () => {
    const inner = await openWith('lab');
    const readOnly = new AppError('read_only', 'The data folder /x is read-only (EROFS).');
    const index = readOnlyIndex(inner, readOnly);
    await expect(index.update((data) => (data.workspaces[0]!.name = 'renamed'))).rejects.toBe(readOnly);
    expect((await inner.read()).workspaces[0]!.name).toBe('lab');
  });
});
