import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-main/core/events';
import { defaultWorkerEntry } from '../../../../src-main/core/loadgen/worker-entry';
import { exportRun } from '../../../../src-main/core/runs/run-export';
import { createRunService } from '../../../../src-main/core/runs/run-service';
import { createMemoryRunsRepo } from '../../../../src-main/core/runs/runs-repo';
import type { RunRecord, SeriesPoint } from '../../../../src-shared/schemas/run-result';
import { makeTempDir } from '../../../support/temp-dir';

const plan: RunRecord['plan'] = { url: 'http://127.0.0.1:1', api: 'chat', load: { kind: 'closed', virtualUsers: 1 }, durationS: 2, maxTokens: 8, prompt: 'hi', requestTimeoutS: 10, ignoreEos: false };

function point(tS: number): SeriesPoint {
  return { tS, completed: 1, failed: 0, outputTokens: 8, requestsPerS: 1, outputTokensPerS: 8, ttftP50Ms: 10, ttftP95Ms: 10, itlP50Ms: 2, e2eP50Ms: 30, inFlight: 0 };
}

describe('reading a recorded run back reports the lines it had to skip', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let runDir: string;
  beforeEach(async () => {
    temp = await makeTempDir('llmwb-run-notices-');
    runDir = join(temp.dir, 'runs', 'r1');
    await mkdir(runDir, { recursive: true });
    await writeFile(join(runDir, 'plan.json'), JSON.stringify(plan));
  });
  afterEach(() => temp.cleanup());

  it('runs.get says how many series.jsonl lines were unreadable and still returns the rest', async () => {
    await writeFile(join(runDir, 'series.jsonl'), [JSON.stringify(point(0)), '{"tS": 1, "compl', JSON.stringify({ tS: 'one' }), JSON.stringify(point(2)), ''].join('\n'));
    const runsRepo = createMemoryRunsRepo();
    await runsRepo.insert({ id: 'r1', url: plan.url, startedAt: 1, status: 'completed', plan });
    const service = createRunService({ runsDir: join(temp.dir, 'runs'), runsRepo, bus: new EventBus(), workerEntry: defaultWorkerEntry() });
    const detail = await service.get('r1');
    expect(detail.series.map((entry) => entry.tS)).toEqual([0, 2]);
    expect(detail.notices).toEqual(['2 unreadable lines skipped in series.jsonl.']);
  });

  it('runs.get has no notices for a clean run', async () => {
    await writeFile(join(runDir, 'series.jsonl'), `${JSON.stringify(point(0))}\n`);
    const runsRepo = createMemoryRunsRepo();
    await runsRepo.insert({ id: 'r1', url: plan.url, startedAt: 1, status: 'completed', plan });
    const service = createRunService({ runsDir: join(temp.dir, 'runs'), runsRepo, bus: new EventBus(), workerEntry: defaultWorkerEntry() });
    expect(await service.get('r1')).not.toHaveProperty('notices');
  });

  it('the export names each file with skipped lines and tells a torn last line apart', async () => {
    await writeFile(join(runDir, 'series.jsonl'), `${JSON.stringify(point(0))}\n{"tS": 1, "comp`);
    await writeFile(join(runDir, 'requests.jsonl'), 'not json\n{"also": "not a request record"}\n');
    const outDir = join(temp.dir, 'out');
    await mkdir(outDir);
    const files = await exportRun({ runDir, runId: 'r1', outDir });
    expect(files.notices).toEqual([
      'The last line of series.jsonl was cut off mid-write (normal after a crash or a full disk) and skipped.',
      '2 unreadable lines skipped in requests.jsonl.',
    ]);
    expect((JSON.parse(await readFile(files.jsonPath, 'utf8')) as { requests: unknown[] }).requests).toEqual([]);
  });
});
