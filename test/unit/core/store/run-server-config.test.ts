import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../../src-main/core/store/store';
import { RunPlan } from '../../../../src-shared/schemas/run-plan';
import type { RecordedServerConfig } from '../../../../src-shared/schemas/server-config';
import { makeTempDir } from '../../../support/temp-dir';

/** A run row as builds before issue #11 wrote it: no serverConfig. */
const oldRun = {
  id: 'r-old',
  url: 'http://127.0.0.1:8080',
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_010_000,
  status: 'failed',
  plan: RunPlan.parse({ url: 'http://127.0.0.1:8080', load: { kind: 'closed', virtualUsers: 2 }, durationS: 10 }),
  error: { code: 'unreachable', message: 'Cannot reach http://127.0.0.1:8080.' },
};

const recorded: RecordedServerConfig = {
  source: 'props',
  readAt: 1_700_000_020_000,
  config: { model: 'm.gguf', flags: { parallel: 4, metrics: true }, launch: { kind: 'demo' } },
  origins: { parallel: { from: 'props', field: 'total_slots' } },
  reported: { totalSlots: 4, nCtxPerSlot: 2048 },
};

describe('a run record with the server configuration it ran against', () => {
  it('reads runs recorded before the configuration was, unchanged and without a notice', async () => {
    const temp = await makeTempDir();
    try {
      await writeFile(join(temp.dir, 'index.json'), JSON.stringify({ version: 2, workspaces: [], runs: [oldRun] }));
      const store = await openStore(temp.dir);
      expect(store.notices).toEqual([]);
      expect(await store.runs.get('r-old')).toEqual(oldRun);
    } finally {
      await temp.cleanup();
    }
  });

  it('keeps the recorded configuration across a reopen of the index', async () => {
    const temp = await makeTempDir();
    try {
      await writeFile(join(temp.dir, 'index.json'), JSON.stringify({ version: 2, workspaces: [], runs: [{ ...oldRun, id: 'r-new', serverConfig: recorded }] }));
      const store = await openStore(temp.dir);
      expect((await store.runs.get('r-new'))?.serverConfig).toEqual(recorded);
    } finally {
      await temp.cleanup();
    }
  });
});
