import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareSavedRuns } from '../../../../../src-main/core/runs/compare/compare-saved-runs';
import { readRunSamples } from '../../../../../src-main/core/runs/compare/run-samples';
import { createMemoryRunsRepo, type RunsRepo } from '../../../../../src-main/core/runs/runs-repo';
import { RunsCompareInput } from '../../../../../src-shared/contract/runs.contract';
import { RunPlan } from '../../../../../src-shared/schemas/run-plan';
import { makeTempDir } from '../../../../support/temp-dir';

const startMs = 1_700_000_000_000;
const plan = RunPlan.parse({ url: 'http://127.0.0.1:1/', load: { kind: 'closed', virtualUsers: 2 }, durationS: 8, warmupS: 1 });

/** A requests.jsonl line: sent `atS` seconds into the run, first token after `ttftMs`, 10 tokens over the next 500 ms. */
function request(atS: number, ttftMs: number, extra: Record<string, unknown> = {}) {
  const scheduledMs = startMs + atS * 1000;
  const firstTokenMs = scheduledMs + ttftMs;
  return { scheduledMs, firstTokenMs, endMs: firstTokenMs + 500, ttftMs, tpotMs: 50, e2eMs: ttftMs + 500, outputTokens: 10, phase: 'measured', errorClass: null, ...extra };
}

describe('runs.compare over saved run folders', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let repo: RunsRepo;

  beforeEach(async () => {
    temp = await makeTempDir('llmwb-compare-');
    repo = createMemoryRunsRepo();
  });
  afterEach(() => temp.cleanup());

  async function saveRun(id: string, lines: string[]): Promise<void> {
    await mkdir(join(temp.dir, id), { recursive: true });
    await writeFile(join(temp.dir, id, 'requests.jsonl'), lines.join('\n'));
    await repo.insert({ id, url: plan.url, startedAt: startMs, status: 'completed', plan });
  }

  const steady = (ttftMs: number) => Array.from({ length: 28 }, (_, i) => JSON.stringify(request(1 + i / 4, ttftMs + (i % 5))));

  it('reads only the successful requests of the measured window, and says what it skipped', async () => {
    const lines = [
      JSON.stringify(request(0, 5000, { phase: 'warmup' })),
      ...steady(100),
      JSON.stringify(request(3, 9000, { errorClass: 'http', status: 500 })),
      '{"torn',
    ];
    await saveRun('a', lines);
    const { samples, notices } = await readRunSamples({ runsDir: temp.dir, runId: 'a', plan });
    expect(samples.requests.ttftMs).toHaveLength(28);
    expect(Math.max(...samples.requests.ttftMs)).toBe(104);
    // Window 1 s to 8 s: seven seconds, less the first and last.
    expect(samples.seconds.outputTokensPerS).toHaveLength(5);
    expect(notices).toEqual(['Run a: The last line of requests.jsonl was cut off mid-write (normal after a crash or a full disk) and skipped.']);
  });

  it('judges a run with slower first tokens worse than its baseline', async () => {
    await saveRun('a', steady(100));
    await saveRun('b', steady(150));
    const comparison = await compareSavedRuns({ runsDir: temp.dir, runsRepo: repo }, RunsCompareInput.parse({ runIds: ['a', 'b'] }));
    const ttft = comparison.candidates[0]!.metrics.find((metric) => metric.metric === 'ttft-p50')!;
    expect(ttft).toMatchObject({ verdict: 'worse', baselineValue: 102, candidateValue: 152, n: { baseline: 28, candidate: 28 } });
    expect(comparison.notices).toEqual([]);
  });

  it('compares replicate runs by Welch and takes the baseline from the named run', async () => {
    for (const [id, ttft] of [['a1', 100], ['a2', 104], ['b1', 150], ['b2', 155]] as const) await saveRun(id, steady(ttft));
    const comparison = await compareSavedRuns({ runsDir: temp.dir, runsRepo: repo }, RunsCompareInput.parse({ runIds: [['b1', 'b2'], ['a1', 'a2']], baseline: 'a2' }));
    expect(comparison).toMatchObject({ baselineArm: 1, arms: [{ runIds: ['b1', 'b2'] }, { runIds: ['a1', 'a2'] }] });
    const ttft = comparison.candidates[0]!.metrics.find((metric) => metric.metric === 'ttft-p50')!;
    expect(ttft).toMatchObject({ verdict: 'worse', method: { kind: 'welch', statistic: 'median' }, n: { baseline: 2, candidate: 2 } });
  });

  it('refuses unknown runs, runs named twice and a baseline outside the comparison', async () => {
    await saveRun('a', steady(100));
    const compare = (input: unknown) => compareSavedRuns({ runsDir: temp.dir, runsRepo: repo }, RunsCompareInput.parse(input));
    await expect(compare({ runIds: ['a', 'missing'] })).rejects.toMatchObject({ code: 'not_found', message: 'No run with id missing.' });
    await expect(compare({ runIds: ['a', ['a']] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(compare({ runIds: ['a', 'a'], baseline: 'z' })).rejects.toMatchObject({ code: 'invalid_input', details: [expect.stringContaining('named more than once: a'), expect.stringContaining('the baseline z is not one of the compared runs')] });
  });
});
