import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../src-main/core/store/run-folder';
import { openStore } from '../../src-main/core/store/store';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { useCliRunScratch, waitUntil, type CliProcess } from './store-process-support';

const scratch = useCliRunScratch('llmwb-store-notices-');

const startRun = (bound: string[]): CliProcess => scratch.startRun(bound);

/** The size of the one run folder's requests.jsonl, once it has a run folder. */
async function requestsFileSize(): Promise<{ runId: string; size: number } | undefined> {
  const [runId] = await readdir(join(scratch.dir, 'runs')).catch(() => []);
  if (runId === undefined) return undefined;
  const size = await stat(join(scratch.dir, 'runs', runId, 'requests.jsonl')).then((file) => file.size, () => 0);
  return { runId, size };
}

describe('what the store did, as llmwb run says it', () => {
  it('says on stderr that an unreadable index was moved aside, and runs on a fresh one', async () => {
    await writeFile(join(scratch.dir, 'index.json'), '{"version": 2, "runs": [');
    const cli = startRun(['--requests', '2']);
    expect((await cli.exited).code, cli.stderr()).toBe(0);
    expect(cli.stderr()).toMatch(/^note: The workspace index could not be read \(not valid JSON.*moved to .*index\.corrupt-/m);
    const aside = (await readdir(scratch.dir)).find((file) => file.startsWith('index.corrupt-'));
    expect(await readFile(join(scratch.dir, aside!), 'utf8')).toBe('{"version": 2, "runs": [');
    expect((await (await openStore(scratch.dir)).runs.list()).map((run) => run.status)).toEqual(['completed']);
  });

  it('lists a run killed with kill -9 as interrupted at the next command, which says so, with its records up to the kill', async () => {
    const killed = startRun(['--duration', '60s']);
    // Two flushes seen: the run is past start-up and appending records as it goes.
    const first = await waitUntil(async () => ((await requestsFileSize())?.size ?? 0) > 0 ? await requestsFileSize() : undefined, 'records are appended');
    await waitUntil(async () => ((await requestsFileSize())!.size > first.size ? true : undefined), 'records are appended again');
    const killMs = Date.now();
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');

    const records = (await readJsonl(join(scratch.dir, 'runs', first.runId, 'requests.jsonl'))) as RequestRecord[];
    const missingMs = killMs - Math.max(...records.map((record) => record.endMs));
    console.info(`kill -9: ${records.length} records on disk, the last ended ${Math.round(missingMs)} ms before the kill`);
    expect(missingMs).toBeLessThan(1000);

    const next = startRun(['--requests', '2']);
    expect((await next.exited).code, next.stderr()).toBe(0);
    expect(next.stderr()).toMatch(/^note: 1 run\(s\) were cut off by an earlier exit; they are shown as interrupted/m);
    const listed = await (await openStore(scratch.dir)).runs.list();
    expect(listed.map((run) => [run.id === first.runId, run.status])).toEqual([
      [false, 'completed'],
      [true, 'interrupted'],
    ]);
  });
});
