import { describe, expect, it } from 'vitest';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer } from '../../src-main/demo/index';
import { RunPlan } from '../../src-shared/schemas/run-plan';

interface LoadFigures {
  /** Output tokens per second over the whole run, all streams together. */
  readonly totalTokPerS: number;
  /** One stream's decode rate: 1000 / the median time per output token. */
  readonly perStreamTokPerS: number;
  readonly ttftP50Ms: number;
}

/**
 * A short closed-loop load from the workbench's own load generator against a fresh llama-engine
 * demo server: every request runs to its end (a count bound), with ignore_eos so each one
 * generates exactly `maxTokens`.
 */
async function measure(parallel: number, { users, requests, maxTokens }: { users: number; requests: number; maxTokens: number }): Promise<LoadFigures> {
  const server = await startDemoServer({ engine: 'llama', parallel, ctxSize: 512 * parallel });
  try {
    await server.ready;
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: users }, requestCount: requests, durationS: 60, maxTokens, ignoreEos: true });
    const { summary } = await startLoadgen({
      runId: `llama-np${parallel}`,
      plan,
      workerEntry: defaultWorkerEntry(),
      sink: { records: () => undefined, series: () => undefined, progress: () => undefined },
    }).done;
    expect(summary).toMatchObject({ completed: requests, failed: 0 });
    return { totalTokPerS: summary.outputTokensPerS, perStreamTokPerS: 1000 / (summary.tpotMs?.p50 ?? Number.NaN), ttftP50Ms: summary.ttftMs.p50 };
  } finally {
    await server.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Runs the two configurations alternately, `rounds` times each, so a burst of load from other
 * tests on the shared two cores lands on both alike; the medians are compared.
 */
async function alternate(rounds: number, runs: ReadonlyArray<() => Promise<LoadFigures>>): Promise<LoadFigures[][]> {
  const results: LoadFigures[][] = runs.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, run] of runs.entries()) results[index]?.push(await run());
  }
  return results;
}

function medians(figures: readonly LoadFigures[]): LoadFigures {
  return {
    totalTokPerS: median(figures.map((figure) => figure.totalTokPerS)),
    perStreamTokPerS: median(figures.map((figure) => figure.perStreamTokPerS)),
    ttftP50Ms: median(figures.map((figure) => figure.ttftP50Ms)),
  };
}

const show = (label: string, figures: LoadFigures): string =>
  `${label}: ${figures.totalTokPerS.toFixed(0)} tok/s in total, ${figures.perStreamTokPerS.toFixed(0)} tok/s per stream, TTFT p50 ${figures.ttftP50Ms.toFixed(1)} ms`;

describe('the llama engine tunes like llama-server (4 and 8 users on two shared cores)', () => {
  it('at 4 users serves more tokens in total but fewer per stream with -np 4 than with -np 1', async () => {
    const load = { users: 4, requests: 24, maxTokens: 64 };
    const [oneRuns = [], fourRuns = []] = await alternate(3, [() => measure(1, load), () => measure(4, load)]);
    const one = medians(oneRuns);
    const four = medians(fourRuns);
    console.log(`${show('-np 1', one)} | ${show('-np 4', four)}`);
    // Batching four slots costs more per step than one on this tiny model, so the gain is modest.
    expect(four.totalTokPerS).toBeGreaterThan(one.totalTokPerS * 1.05);
    expect(four.perStreamTokPerS).toBeLessThan(one.perStreamTokPerS * 0.7);
  });

  it('at 8 users keeps first tokens waiting in the queue with -np 2, not with -np 8', async () => {
    const load = { users: 8, requests: 32, maxTokens: 32 };
    const [twoRuns = [], eightRuns = []] = await alternate(2, [() => measure(2, load), () => measure(8, load)]);
    const two = medians(twoRuns);
    const eight = medians(eightRuns);
    console.log(`${show('-np 2', two)} | ${show('-np 8', eight)}`);
    expect(two.ttftP50Ms).toBeGreaterThan(eight.ttftP50Ms * 2);
  });
});
