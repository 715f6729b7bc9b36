import { performance } from 'node:perf_hooks';
import { AppError } from '../../../src-shared/errors';
import type { DiagnosisWorkload } from '../../../src-shared/schemas/diagnosis';
import type { CanarySpeed } from './estimate';

const canaryTimeoutMs = 120_000;

/** One chat request of the workload, not streamed; resolves with its end-to-end milliseconds. */
async function timedRequest(url: string, workload: DiagnosisWorkload, apiKey: string | undefined): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) },
    body: JSON.stringify({ messages: [{ role: 'user', content: workload.prompt }], max_tokens: workload.maxTokens, ignore_eos: workload.ignoreEos, stream: false }),
    signal: AbortSignal.timeout(canaryTimeoutMs),
  });
  await response.text();
  if (!response.ok) throw new AppError('http_error', `The server answered the diagnosis canary with HTTP ${response.status}; check the endpoint before diagnosing it.`);
  return performance.now() - started;
}

/**
 * How long one request of the workload takes alone and with every slot busy: one warm-up
 * request (a cold slot is slower), one timed alone, then `slots` at once (the slowest is the
 * batch's time). Feeds the time estimate shown before the diagnosis's long steps.
 */
export async function measureCanary(options: { url: string; workload: DiagnosisWorkload; slots: number | null; apiKey?: string | undefined }): Promise<CanarySpeed> {
  const { url, workload, apiKey } = options;
  await timedRequest(url, workload, apiKey);
  const e2eOneMs = await timedRequest(url, workload, apiKey);
  if (options.slots === null || options.slots <= 1) return { e2eOneMs, e2eSlotsMs: options.slots === 1 ? e2eOneMs : null, slots: options.slots ?? 1 };
  const together = await Promise.all(Array.from({ length: options.slots }, () => timedRequest(url, workload, apiKey)));
  return { e2eOneMs, e2eSlotsMs: Math.max(...together), slots: options.slots };
}
