import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/store';
import { useCliRunScratch, waitUntil, type CliProcess } from './store-process-support';

const scratch = useCliRunScratch('llmwb-store-cli-');

const startRun = (durationS: number): CliProcess => scratch.startRun(['--duration', `${durationS}s`]);

/** The statuses the serve side lists now, newest first. */
async function statuses(store: Awaited<ReturnType<typeof openStore>>): Promise<string[]> {
  return (await store.runs.list()).map((run) => run.status);
}

/** Runs listed as running whose folder already holds request records (their workers are past start-up). */
async function countMeasuring(store: Awaited<ReturnType<typeof openStore>>): Promise<number> {
  const live = (await store.runs.list()).filter((run) => run.status === 'running');
  const sizes = await Promise.all(live.map((run) => stat(join(store.runsDir, run.id, 'requests.jsonl')).then((file) => file.size, () => 0)));
  return sizes.filter((size) => size > 0).length;
}

describe('one data folder shared by two llmwb run processes and a serve-like store', () => {
  it('lists every run once with its true status while all three write at the same time', async () => {
    const serve = await openStore(scratch.dir);
    const runs = [startRun(60), startRun(60)];
    // The serve side writes all along, and must see both runs live at once before they are stopped.
    let created = 0;
    let running = 0;
    while (running < 2) {
      await serve.workspaces.create({ name: `W${created}`, hostLabel: 'this machine' });
      created += 1;
      running = await countMeasuring(serve);
      if (runs.some((cli) => cli.child.exitCode !== null)) throw new Error(runs.map((cli) => cli.stderr()).join('\n'));
    }
    // Both runs write their final rows while the serve side keeps writing.
    for (const cli of runs) cli.child.kill('SIGINT');
    const exited = Promise.all(runs.map((cli) => cli.exited));
    let isExited = false;
    void exited.then(() => (isExited = true));
    while (!isExited) {
      await serve.workspaces.create({ name: `W${created}`, hostLabel: 'this machine' });
      created += 1;
    }
    expect((await exited).map((exit) => exit.signal)).toEqual([null, null]);
    expect(runs.map((cli) => cli.stderr()).join('\n')).not.toMatch(/cut off/);

    const listed = await (await openStore(scratch.dir)).runs.list();
    expect(new Set(listed.map((run) => run.id)).size).toBe(2);
    expect(listed.map((run) => run.status), JSON.stringify(listed.map((run) => run.error)) + runs.map((cli) => cli.stderr() + cli.stdout()).join('\n')).toEqual(['stopped', 'stopped']);
    expect(listed.every((run) => run.headline !== undefined && run.endedAt !== undefined)).toBe(true);
    expect(await statuses(serve)).toEqual(['stopped', 'stopped']);
    expect(await serve.workspaces.list()).toHaveLength(created);
  });

  it('does not take a live run for a dead one when another llmwb run opens the folder', async () => {
    const first = startRun(60);
    const serve = await openStore(scratch.dir);
    await waitUntil(async () => ((await countMeasuring(serve)) === 1 ? true : undefined), 'the first run is measuring');
    const second = startRun(1);
    expect((await second.exited).code, second.stderr()).toBe(0);
    expect(second.stderr()).not.toMatch(/cut off/);
    expect(await statuses(serve)).toEqual(['completed', 'running']);
    first.child.kill('SIGINT');
    await first.exited;
    expect(await statuses(serve)).toEqual(['completed', 'stopped']);
  });
});
