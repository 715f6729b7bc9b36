import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/store';
import { mountTmpfs, tmpfsUnavailableReason, type Tmpfs } from '../support/tmpfs';
import { runRecord, startLiveProcess } from './store-process-support';

const reason = tmpfsUnavailableReason();

describe.skipIf(reason !== undefined)(`a read-only data folder${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let disk: Tmpfs | undefined;
  afterEach(() => {
    disk?.unmount();
    disk = undefined;
  });

  it('opens for browsing, even with a run a dead process left running, and refuses a change at once naming the folder', async () => {
    disk = mountTmpfs(1024);
    const owner = startLiveProcess();
    const writable = await openStore(disk.dir, { owner: owner.owner });
    await writable.runs.insert(runRecord('r1', 'running'));
    await owner.stop();
    await writable.runs.insert(runRecord('r2', 'completed'));
    disk.makeReadOnly();

    const store = await openStore(disk.dir);
    expect(store.notices.join('\n')).toContain(`The data folder ${disk.dir} is read-only (EROFS)`);
    expect((await store.runs.list({})).map((record) => record.id).sort()).toEqual(['r1', 'r2']);
    // Cannot be relabelled on a read-only disk, but its process is gone: shown as interrupted.
    expect((await store.runs.get('r1'))?.status).toBe('interrupted');
    const startedMs = Date.now();
    await expect(store.runs.insert(runRecord('r3', 'completed'))).rejects.toMatchObject({ code: 'read_only', message: expect.stringContaining(disk.dir) });
    // The index lock retries for ~20 s; a read-only folder must not wait for it.
    expect(Date.now() - startedMs).toBeLessThan(10_000);
  });
});
