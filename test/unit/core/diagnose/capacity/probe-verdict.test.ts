import { describe, expect, it } from 'vitest';
import { parseCapacitySlos } from '../../../../../src-main/core/diagnose/capacity/capacity-slos';
import { decideProbeSoFar, judgeProbe } from '../../../../../src-main/core/diagnose/capacity/probe-verdict';
import type { RequestRecord } from '../../../../../src-shared/schemas/request-record';

function request(fields: Partial<RequestRecord>): RequestRecord {
  return {
    worker: 0, vu: 0, seq: 0, scheduledMs: 0, sentMs: 0, headersMs: 0, firstTokenMs: 100, endMs: 300, ttftMs: 100, e2eMs: 300, tpotMs: 10,
    contentChunks: 20, promptTokens: 50, outputTokens: 20, tokenSource: 'usage', status: 200, finishReason: 'stop', errorClass: null, errorMessage: null, ...fields,
  };
}

const many = (count: number, fields: Partial<RequestRecord> = {}): RequestRecord[] => Array.from({ length: count }, () => request(fields));

describe('parseCapacitySlos', () => {
  it('reads a p95 limit as "95 % of requests under it" and an error rate as the share that must succeed', () => {
    expect(parseCapacitySlos('ttft_p95<500,error_rate<0.01').slos).toEqual([
      { source: 'ttft_p95<500', metric: 'ttft', target: 0.95, limit: 500, isInclusive: false },
      { source: 'error_rate<0.01', metric: 'error_rate', target: 0.99, limit: 0.01, isInclusive: false },
    ]);
  });

  it('refuses averages, lower limits and ITL, each with its reason', () => {
    expect(parseCapacitySlos('ttft_avg<500,tpot_p95>10,itl_p95<50').problems).toHaveLength(3);
  });
});

describe('judgeProbe', () => {
  const slos = parseCapacitySlos('ttft_p95<500,tpot_p95<50,error_rate<0.05').slos;

  it('passes when every lower bound clears its target', () => {
    expect(judgeProbe(many(150), { slos, confidence: 0.95 }).verdict).toBe('pass');
  });

  it('counts a failed request as not good for every latency SLO', () => {
    const judgement = judgeProbe([...many(90), ...many(10, { errorClass: 'http_5xx', status: 500 })], { slos, confidence: 0.95 });
    expect(judgement.slos[0]).toMatchObject({ good: 90, determined: 100, state: 'breached' });
    expect(judgement.verdict).toBe('fail');
  });

  it('counts a one-token answer as meeting any TPOT limit (the stated rule)', () => {
    const judgement = judgeProbe(many(150, { outputTokens: 1, tpotMs: null }), { slos, confidence: 0.95 });
    expect(judgement.slos[1]).toMatchObject({ good: 150, determined: 150, state: 'holds' });
  });

  it('leaves out warm-up requests and those cancelled at the end of the run', () => {
    const records = [...many(150), ...many(30, { phase: 'warmup', ttftMs: 5000 }), ...many(5, { errorClass: 'cancelled' })];
    expect(judgeProbe(records, { slos, confidence: 0.95 }).slos[0]).toMatchObject({ good: 150, determined: 150 });
  });

  it('is unresolved, not a pass, when an interval straddles the target', () => {
    const judgement = judgeProbe([...many(143), ...many(7, { ttftMs: 900 })], { slos, confidence: 0.95 });
    expect(judgement.verdict).toBe('unresolved');
    expect(judgement.reasons[0]).toMatch(/ttft_p95<500 unresolved/);
  });

  it('is invalid when the load generator was the bottleneck', () => {
    const judgement = judgeProbe(many(150), { slos, confidence: 0.95, clientHealth: { isClientLimited: true, reasons: ['loop lag p99 31 ms'] } });
    expect(judgement.verdict).toBe('invalid');
    expect(judgement.reasons[0]).toMatch(/loop lag p99 31 ms/);
  });
});

describe('decideProbeSoFar', () => {
  const slos = parseCapacitySlos('ttft_p95<500').slos;
  const requests = { minRequests: 60, maxRequests: 150 };

  it('keeps measuring a clean probe until its minimum', () => {
    expect(decideProbeSoFar(many(40), { slos, confidence: 0.95, requests })).toBeNull();
    expect(decideProbeSoFar(many(60), { slos, confidence: 0.95, requests })?.verdict).toBe('pass');
  });

  it('stops a clearly failing probe after half its minimum', () => {
    expect(decideProbeSoFar(many(30, { ttftMs: 900 }), { slos, confidence: 0.95, requests })?.verdict).toBe('fail');
  });

  it('ends an undecided probe as unresolved at its maximum', () => {
    expect(decideProbeSoFar([...many(143), ...many(7, { ttftMs: 900 })], { slos, confidence: 0.95, requests })?.verdict).toBe('unresolved');
  });
});
