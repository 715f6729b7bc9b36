import { describe, expect, it } from 'vitest';
import { verifyRunOf, verifyRunSamples } from '../../../../src-main/core/diagnose/verify-samples';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';

const startMs = 1_700_000_000_000;

/** A steady request as a verify run records it: scheduled `atS` into the run, its first token after `ttftMs`, 16 tokens over the next 400 ms. */
function request(atS: number, ttftMs: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  const scheduledMs = startMs + atS * 1000;
  const firstTokenMs = scheduledMs + ttftMs;
  return {
    worker: 0, vu: 0, seq: 0, contentChunks: 16, scheduledMs, sentMs: scheduledMs, headersMs: scheduledMs + 1, firstTokenMs, endMs: firstTokenMs + 400,
    ttftMs, tpotMs: 400 / 15, e2eMs: ttftMs + 400, promptTokens: 12, outputTokens: 16, tokenSource: 'usage', status: 200, finishReason: 'length', errorClass: null, errorMessage: null,
    ...extra,
  };
}

describe('verifyRunSamples', () => {
  it('rates the whole run once: output tokens and requests over its steady window', () => {
    // Ten requests from 0 s to 4.5 s, the last ending at 4.5 + 0.1 + 0.4 s = 5 s after the first was scheduled.
    const requests = Array.from({ length: 10 }, (_, i) => request(i / 2, 100));
    const samples = verifyRunSamples('run-a', requests);
    expect(samples.seconds.outputTokensPerS).toEqual([(10 * 16) / 5]);
    expect(samples.seconds.requestsPerS).toEqual([10 / 5]);
    expect(samples.requests.ttftMs).toHaveLength(10);
  });

  it('keeps failures out of the latencies and the rates, and counts them in the run', () => {
    const requests = [request(0, 100), request(1, 120), request(2, 9000, { errorClass: 'http_5xx', status: 500, outputTokens: 0, ttftMs: null, firstTokenMs: null, tpotMs: null })];
    const samples = verifyRunSamples('run-b', requests);
    expect(samples.requests.ttftMs).toEqual([100, 120]);
    expect(samples.seconds.outputTokensPerS).toEqual([32 / 1.52]);
    expect(verifyRunOf('candidate', samples, requests)).toEqual({ arm: 'candidate', runId: 'run-b', completed: 2, failed: 1, outputTokensPerS: 32 / 1.52, ttftP95Ms: 120 });
  });

  it('has no rate for a run where nothing succeeded', () => {
    const requests = [request(0, 100, { errorClass: 'timeout', outputTokens: 0 })];
    const samples = verifyRunSamples('run-c', requests);
    expect(samples.seconds).toEqual({ requestsPerS: [], outputTokensPerS: [] });
    expect(verifyRunOf('baseline', samples, requests)).toMatchObject({ completed: 0, failed: 1, outputTokensPerS: null, ttftP95Ms: null });
  });
});
