/**
 * The llama engine tunes like llama-server: the two comparisons that used to be asserted in CI,
 * now printed with a verdict each (a throughput ratio cannot be a pass/fail test on a shared
 * 2-core machine; the integration test `demo-llama-slots` checks the slot behaviour instead).
 *
 *   npx tsx test/bench/demo-llama-load.bench.ts
 */
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
    if (summary.completed !== requests || summary.failed !== 0) throw new Error(`-np ${parallel}: ${summary.completed} of ${requests} completed, ${summary.failed} failed`);
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

const verdict = (isHeld: boolean, claim: string): string => `${isHeld ? 'HOLDS' : 'DOES NOT HOLD'}: ${claim}`;

async function main(): Promise<void> {
  const fourUsers = { users: 4, requests: 24, maxTokens: 64 };
  const [oneRuns = [], fourRuns = []] = await alternate(3, [() => measure(1, fourUsers), () => measure(4, fourUsers)]);
  const one = medians(oneRuns);
  const four = medians(fourRuns);
  console.log(`4 users: ${show('-np 1', one)} | ${show('-np 4', four)}`);
  // Batching four slots costs more per step than one on this tiny model, so the gain is modest.
  console.log(verdict(four.totalTokPerS > one.totalTokPerS * 1.05, `-np 4 serves more tokens in total (${(four.totalTokPerS / one.totalTokPerS).toFixed(2)}x, expected > 1.05x)`));
  console.log(verdict(four.perStreamTokPerS < one.perStreamTokPerS * 0.7, `-np 4 serves fewer tokens per stream (${(four.perStreamTokPerS / one.perStreamTokPerS).toFixed(2)}x, expected < 0.7x)`));

  const eightUsers = { users: 8, requests: 32, maxTokens: 32 };
  const [twoRuns = [], eightRuns = []] = await alternate(2, [() => measure(2, eightUsers), () => measure(8, eightUsers)]);
  const two = medians(twoRuns);
  const eight = medians(eightRuns);
  console.log(`8 users: ${show('-np 2', two)} | ${show('-np 8', eight)}`);
  console.log(verdict(two.ttftP50Ms > eight.ttftP50Ms * 2, `-np 2 keeps first tokens waiting (TTFT p50 ${(two.ttftP50Ms / eight.ttftP50Ms).toFixed(1)}x that of -np 8, expected > 2x)`));
}

void main();
