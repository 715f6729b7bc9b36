import { mkdir, readFile, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { RunFolder } from '../../src-main/core/store/run-folder';
import { openStore } from '../../src-main/core/store/store';
import { makeTempDir } from '../support/temp-dir';
import { runRecord, startLiveProcess } from './store-process-support';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
const owners: ReturnType<typeof startLiveProcess>[] = [];
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await Promise.all(owners.splice(0).map((owner) => owner.stop()));
  await temp.cleanup();
});

function liveOwner(): ReturnType<typeof startLiveProcess> {
  const owner = startLiveProcess();
  owners.push(owner);
  return owner;
}

describe('runs carried out by several processes on one data folder', () => {
  it('leaves a running run alone when the folder is opened again while its process is alive', async () => {
    const runner = liveOwner();
    const asRunner = await openStore(temp.dir, { owner: runner.owner });
    await asRunner.runs.insert(runRecord('r1', 'running'));
    const second = await openStore(temp.dir);
    expect(second.notices).toEqual([]);
    expect((await second.runs.get('r1'))?.status).toBe('running');
  });

  it('marks a running run interrupted once its process has exited, and says so', async () => {
    const runner = liveOwner();
    const asRunner = await openStore(temp.dir, { owner: runner.owner });
    await asRunner.runs.insert(runRecord('r1', 'running'));
    await runner.stop();
    const second = await openStore(temp.dir);
    expect((await second.runs.get('r1'))?.status).toBe('interrupted');
    expect(second.notices.join(' ')).toMatch(/1 run\(s\) were cut off/);
  });

  it('gives back the space a killed run set aside for its last writes', async () => {
    const runner = liveOwner();
    const asRunner = await openStore(temp.dir, { owner: runner.owner });
    await asRunner.runs.insert(runRecord('r1', 'running'));
    const folder = await RunFolder.create(asRunner.runsDir, 'r1');
    await folder.reserve();
    await folder.flush();
    expect(existsSync(join(folder.dir, '.reserve'))).toBe(true);
    await runner.stop();
    await openStore(temp.dir);
    expect(existsSync(join(folder.dir, '.reserve'))).toBe(false);
  });

  it.runIf(process.platform === 'linux')('marks a running run interrupted when its pid now belongs to a process started later', async () => {
    const reused = { ...liveOwner().owner, startToken: 'an-earlier-boot:42' };
    const asRunner = await openStore(temp.dir, { owner: reused });
    await asRunner.runs.insert(runRecord('r1', 'running'));
    expect((await (await openStore(temp.dir)).runs.get('r1'))?.status).toBe('interrupted');
  });

  it('leaves a running run of another host alone, since its process cannot be seen from here', async () => {
    const elsewhere = await openStore(temp.dir, { owner: { pid: 1, hostname: `not-${hostname()}` } });
    await elsewhere.runs.insert(runRecord('r1', 'running'));
    expect((await (await openStore(temp.dir)).runs.get('r1'))?.status).toBe('running');
  });

  it('keeps the owner out of the records it returns and off the row once the run ends', async () => {
    const store = await openStore(temp.dir);
    await store.runs.insert(runRecord('r1', 'running'));
    expect(await store.runs.get('r1')).not.toHaveProperty('owner');
    expect(JSON.parse(await readFile(join(temp.dir, 'index.json'), 'utf8')).runs[0].owner).toMatchObject({ pid: process.pid });
    await store.runs.update('r1', { status: 'completed', endedAt: Date.now() });
    expect(JSON.parse(await readFile(join(temp.dir, 'index.json'), 'utf8')).runs[0]).not.toHaveProperty('owner');
  });

  it('shows a long-lived reader the runs other processes write, and relabels one whose process died', async () => {
    const serve = await openStore(temp.dir);
    const runner = liveOwner();
    const asRunner = await openStore(temp.dir, { owner: runner.owner });
    await asRunner.runs.insert(runRecord('r1', 'running'));
    expect((await serve.runs.list()).map((run) => [run.id, run.status])).toEqual([['r1', 'running']]);
    await runner.stop();
    expect((await serve.runs.list()).map((run) => [run.id, run.status])).toEqual([['r1', 'interrupted']]);
    expect((await serve.runs.get('r1'))?.status).toBe('interrupted');
  });

  it('keeps every row when two openers of the folder write at the same time', async () => {
    const [first, second] = await Promise.all([openStore(temp.dir), openStore(temp.dir)]);
    await Promise.all([
      ...Array.from({ length: 15 }, (_, index) => first.runs.insert(runRecord(`a${index}`, 'completed'))),
      ...Array.from({ length: 15 }, (_, index) => second.runs.insert(runRecord(`b${index}`, 'completed'))),
      ...Array.from({ length: 10 }, (_, index) => first.workspaces.create({ name: `W${index}`, hostLabel: 'this machine' })),
    ]);
    const reopened = await openStore(temp.dir);
    expect((await reopened.runs.list()).length).toBe(30);
    expect((await reopened.workspaces.list()).length).toBe(10);
    expect((await first.runs.list()).length).toBe(30);
  });

  it('breaks a lock left behind by a process killed while writing, instead of waiting for it forever', async () => {
    const store = await openStore(temp.dir);
    const lockDir = join(temp.dir, 'index.json.lock');
    await mkdir(lockDir);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockDir, minuteAgo, minuteAgo);
    await store.runs.insert(runRecord('r1', 'completed'));
    expect((await (await openStore(temp.dir)).runs.list()).map((run) => run.id)).toEqual(['r1']);
  });
});
