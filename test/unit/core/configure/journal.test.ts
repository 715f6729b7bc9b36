import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigJournal } from '../../../../src-main/core/configure/journal';
import { makeTempDir } from '../../../support/temp-dir';

let temp: { dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('llmwb-journal-');
});
afterEach(() => temp.cleanup());

const start = (workspaceId: string, parallel: number) => ({
  workspaceId,
  launchKind: 'process',
  by: 'alice@laptop',
  startedAt: Date.now(),
  before: { flags: { parallel: 2 } },
  after: { flags: { parallel } },
});

describe('the configuration journal', () => {
  it('writes an entry as applying before anything restarts, then records the outcome', async () => {
    const journal = createConfigJournal({ dataDir: temp.dir, workspaceId: 'ws-a' });
    const entry = await journal.begin(start('ws-a', 4));
    expect(await journal.get(entry.id)).toMatchObject({ result: 'applying', before: { flags: { parallel: 2 } }, steps: [], logExcerpt: [] });
    const done = await journal.update(entry.id, { result: 'applied', finishedAt: Date.now() });
    expect(await journal.get(entry.id)).toEqual(done);
    expect(done).toMatchObject({ result: 'applied', after: { flags: { parallel: 4 } } });
  });

  it("lists a workspace's entries newest first and never another workspace's", async () => {
    const a = createConfigJournal({ dataDir: temp.dir, workspaceId: 'ws-a' });
    const b = createConfigJournal({ dataDir: temp.dir, workspaceId: 'ws-b' });
    const first = await a.begin(start('ws-a', 3));
    const other = await b.begin(start('ws-b', 5));
    const second = await a.begin(start('ws-a', 4));
    expect((await a.list()).map((entry) => entry.id)).toEqual([second.id, first.id]);
    await expect(a.get(other.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an entry of another workspace and a configuration with an invalid flag', async () => {
    const journal = createConfigJournal({ dataDir: temp.dir, workspaceId: 'ws-a' });
    await expect(journal.begin(start('ws-b', 4))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(journal.begin({ ...start('ws-a', 4), after: { flags: { parallel: 0 } } })).rejects.toThrow(/out of range/);
  });
});
