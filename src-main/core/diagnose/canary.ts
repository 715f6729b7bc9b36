import { performance } from 'node:perf_hooks';
import type { DiagnosisWorkload } from '../../../src-shared/schemas/diagnosis';
import type { CanarySpeed } from './estimate';

const canaryTimeoutMs = 120_000;

interface Timed {
  ms: number;
  /** Why the request did not succeed (`HTTP 400: …`); absent when it did. */
  failure?: string;
}

/** One chat request of the workload, not streamed, timed end to end; a failure is a value (the probes will meet it too). */
async function timedRequest(url: string, workload: DiagnosisWorkload, apiKey: string | undefined): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) },
      body: JSON.stringify({ messages: [{ role: 'user', content: workload.prompt }], max_tokens: workload.maxTokens, ignore_eos: workload.ignoreEos, stream: false }),
      signal: AbortSignal.timeout(canaryTimeoutMs),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    return response.ok ? { ms } : { ms, failure: `HTTP ${response.status}: ${body.slice(0, 200)}` };
  } catch (error) {
    return { ms: performance.now() - started, failure: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * How long one request of the workload takes alone and with every slot busy: one warm-up
 * request (a cold slot is slower), one timed alone, then `slots` at once (the slowest is the
 * batch's time). Feeds the time estimate shown before the diagnosis's long steps. A request the
 * server refuses is timed as it was answered and named in `failure`: the estimate is then a
 * guess, and the probes will show the errors for the findings.
 */
export async function measureCanary(options: { url: string; workload: DiagnosisWorkload; slots: number | null; apiKey?: string | undefined }): Promise<CanarySpeed & { failure?: string }> {
  const { url, workload, apiKey } = options;
  await timedRequest(url, workload, apiKey);
  const one = await timedRequest(url, workload, apiKey);
  const failure = one.failure === undefined ? {} : { failure: one.failure };
  if (options.slots === null || options.slots <= 1) return { e2eOneMs: one.ms, e2eSlotsMs: options.slots === 1 ? one.ms : null, slots: options.slots ?? 1, ...failure };
  const together = await Promise.all(Array.from({ length: options.slots }, () => timedRequest(url, workload, apiKey)));
  return { e2eOneMs: one.ms, e2eSlotsMs: Math.max(...together.map((timed) => timed.ms)), slots: options.slots, ...failure };
}
