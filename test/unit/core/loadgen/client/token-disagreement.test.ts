import { describe, expect, it } from 'vitest';
import { readChunkFields } from '../../../../../src-main/core/loadgen/client/chat-stream';
import { RequestTiming } from '../../../../../src-main/core/loadgen/client/request-timing';
import { emptyCounts } from '../../../../../src-main/core/loadgen/series';
import { tokenSourceCounts } from '../../../../../src-main/core/loadgen/summary';
import { WorkerMetrics } from '../../../../../src-main/core/loadgen/worker/worker-metrics';

/** A finished request with `chunks` content chunks and whatever counts the server's last chunk carried. */
function finished(chunks: number, last: Record<string, unknown>): RequestTiming {
  const timing = new RequestTiming();
  timing.reset(0);
  for (let i = 0; i < chunks; i += 1) timing.onContent(10 + i);
  readChunkFields(last, timing);
  timing.endMs = 10 + chunks;
  return timing;
}

describe('token-count disagreements of one request', () => {
  it('flags usage and timings.predicted_n that differ', () => {
    const timing = finished(4, { usage: { completion_tokens: 5 }, timings: { predicted_n: 4 } });
    expect(timing.tokenDisagreement).toEqual({ usage: 5, timings: 4, chunks: 4 });
  });

  it('flags more content chunks than the server counted tokens', () => {
    expect(finished(6, { usage: { completion_tokens: 5 } }).tokenDisagreement).toEqual({ usage: 5, chunks: 6 });
    expect(finished(6, { timings: { predicted_n: 5 } }).tokenDisagreement).toEqual({ timings: 5, chunks: 6 });
  });

  it('does not flag fewer chunks than tokens (several tokens per chunk), agreeing counts, or chunks alone', () => {
    expect(finished(2, { usage: { completion_tokens: 5 }, timings: { predicted_n: 5 } }).tokenDisagreement).toBeNull();
    expect(finished(5, { usage: { completion_tokens: 5 } }).tokenDisagreement).toBeNull();
    expect(finished(3, {}).tokenDisagreement).toBeNull();
  });
});

describe('the request record and the summary', () => {
  it('writes the server timings and the disagreement into the record, and counts it in tokenSource', () => {
    const metrics = new WorkerMetrics({ runStartMs: 0, workerIndex: 0, lastSecond: 9 });
    metrics.recordRequest(finished(4, { usage: { completion_tokens: 5 }, timings: { predicted_n: 4, prompt_ms: 12.5, predicted_per_second: 250 } }), { vu: 0, seq: 0 });
    metrics.recordRequest(finished(3, { usage: { completion_tokens: 3 } }), { vu: 0, seq: 1 });
    const { seconds, records } = metrics.takeDeltas();
    expect(records[0]).toMatchObject({ serverPromptMs: 12.5, serverPredictedPerS: 250, tokenDisagreement: { usage: 5, timings: 4, chunks: 4 } });
    expect(records[1]).not.toHaveProperty('serverPromptMs');
    expect(records[1]).not.toHaveProperty('tokenDisagreement');
    expect(seconds[0]!.tokenSources).toEqual({ usage: 2, timings: 0, chunks: 0, disagreed: 1 });
  });

  it('reports the disagreements beside the per-source counts, zero when none', () => {
    expect(tokenSourceCounts({ usage: 9, timings: 1, chunks: 0, disagreed: 3 })).toEqual({ usage: 9, timings: 1, chunks: 0, disagreements: 3, primary: 'mixed' });
    expect(tokenSourceCounts(emptyCounts().tokenSources)).toEqual({ usage: 0, timings: 0, chunks: 0, disagreements: 0, primary: 'none' });
  });
});
