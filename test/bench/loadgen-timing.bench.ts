/**
 * How exactly the load generator measures a known schedule: a scripted server answers each
 * request with its first token after 200 ms and one token every 20 ms after it. The measured TTFT
 * and ITL medians should sit within 5 ms and 2 ms of those on a quiet machine; each round prints
 * its error, with the load average beside it so a noisy round can be told apart.
 * Also times how long the run takes to end after stop() while long streams are in flight
 * (the promise is within 1 s).
 *
 *   npx tsx test/bench/loadgen-timing.bench.ts [--rounds 3]
 */
import { loadavg } from 'node:os';
import { startLoadgen } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { startScriptedServer } from '../support/scripted-server';

const roundsIndex = process.argv.indexOf('--rounds');
const rounds = roundsIndex === -1 ? 3 : Number(process.argv[roundsIndex + 1]);
const quietSink = { records: () => undefined, series: () => undefined, progress: () => undefined };

async function accuracyRound(round: number): Promise<void> {
  const server = await startScriptedServer({ firstTokenDelayMs: 200, tokenIntervalMs: 20, tokens: 8 });
  try {
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 4 }, durationS: 3, maxTokens: 8 });
    const { summary } = await startLoadgen({ runId: `accuracy-${round}`, plan, workerEntry: defaultWorkerEntry(), sink: quietSink }).done;
    const ttftErrorMs = summary.ttftMs.p50 - 200;
    const itlErrorMs = summary.itlMs.p50 - 20;
    const verdict = Math.abs(ttftErrorMs) <= 5 && Math.abs(itlErrorMs) <= 2 ? 'within 5 ms / 2 ms' : 'OUTSIDE 5 ms / 2 ms';
    console.log(
      `round ${round}: TTFT p50 ${summary.ttftMs.p50.toFixed(2)} ms (${ttftErrorMs >= 0 ? '+' : ''}${ttftErrorMs.toFixed(2)}), ITL p50 ${summary.itlMs.p50.toFixed(2)} ms (${itlErrorMs >= 0 ? '+' : ''}${itlErrorMs.toFixed(2)}), ${summary.ttftMs.count} requests, load ${loadavg()[0]!.toFixed(2)}: ${verdict}`,
    );
  } finally {
    await server.close();
  }
}

async function stopRound(round: number): Promise<void> {
  const server = await startScriptedServer({ firstTokenDelayMs: 20, tokenIntervalMs: 10, tokens: 2000 });
  try {
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 6 }, durationS: 60, maxTokens: 2000 });
    let inFlight = 0;
    const run = startLoadgen({ runId: `stop-${round}`, plan, workerEntry: defaultWorkerEntry(), sink: { ...quietSink, progress: (event) => (inFlight = event.inFlight) } });
    while (inFlight < 6) await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedAtMs = performance.now();
    run.stop();
    await run.done;
    console.log(`round ${round}: run ended ${(performance.now() - stoppedAtMs).toFixed(0)} ms after stop() with 6 streams in flight, load ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log('Timing accuracy (scripted server: first token at 200 ms, then every 20 ms):');
  for (let round = 1; round <= rounds; round += 1) await accuracyRound(round);
  console.log('\nStop latency:');
  for (let round = 1; round <= rounds; round += 1) await stopRound(round);
}

void main();
