import { performance } from 'node:perf_hooks';
import { RunPlan } from '../../../src-shared/schemas/run-plan';
import type { ClientSelfTest } from '../../../src-shared/schemas/diagnosis';
import { startLoadgen } from '../loadgen/pool';
import { startCannedStreamServer } from './canned-stream-server';

export interface ClientSelfTestOptions {
  workerEntry: string;
  /** The most users the diagnosis will run: the generator is tested at that many. */
  users: number;
  maxTokens: number;
  /** Seconds of load; default 2 (the wizard's preflight is short). */
  durationS?: number;
  signal?: AbortSignal;
}

/**
 * How fast this machine's load generator can go with no model in the way: `users` closed-loop
 * users against a loopback server that answers every request at once (canned-stream-server.ts),
 * nothing saved. A probe later measuring near this ceiling measures the generator, not the
 * server (diagnosis-rules.md C15). The generator is saturated here on purpose, so its health
 * reasons describe the machine at full tilt, not a problem.
 */
export async function runClientSelfTest(options: ClientSelfTestOptions): Promise<ClientSelfTest> {
  const canned = await startCannedStreamServer();
  const durationS = options.durationS ?? 2;
  const startedMs = performance.now();
  try {
    const plan = RunPlan.parse({ url: canned.url, model: 'canned', load: { kind: 'closed', virtualUsers: options.users }, durationS, maxTokens: options.maxTokens, ignoreEos: true, requestCount: 1_000_000 });
    const run = startLoadgen({ runId: 'client-self-test', plan, workerEntry: options.workerEntry, sink: { records: () => undefined, series: () => undefined, progress: () => undefined } });
    const stop = (): void => run.stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    const { summary } = await run.done.finally(() => options.signal?.removeEventListener('abort', stop));
    const health = summary.clientHealth;
    return {
      users: options.users,
      requestsPerS: summary.requestsPerS,
      outputTokensPerS: summary.outputTokensPerS,
      isClientLimited: health?.isClientLimited ?? false,
      reasons: health?.reasons ?? [],
      durationS: (performance.now() - startedMs) / 1000,
    };
  } finally {
    await canned.close();
  }
}
