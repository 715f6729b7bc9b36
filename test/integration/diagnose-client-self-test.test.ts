import { describe, expect, it } from 'vitest';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { runClientSelfTest } from '../../src-main/core/diagnose/client-self-test';

describe('the load generator self-test of a diagnosis preflight', () => {
  it('measures the generator against a canned stream: every answer has exactly max tokens, and its health is reported', async () => {
    const result = await runClientSelfTest({ workerEntry: defaultWorkerEntry(), users: 4, maxTokens: 16, durationS: 1 });
    expect(result.users).toBe(4);
    expect(result.requestsPerS).toBeGreaterThan(0);
    expect(result.outputTokensPerS / result.requestsPerS).toBeCloseTo(16, 6);
    expect(typeof result.isClientLimited).toBe('boolean');
    expect(result.reasons.length > 0).toBe(result.isClientLimited);
  });

  it('stops when its signal aborts, keeping what it measured', async () => {
    const controller = new AbortController();
    const running = runClientSelfTest({ workerEntry: defaultWorkerEntry(), users: 2, maxTokens: 4, durationS: 60, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const result = await running;
    expect(result.durationS).toBeLessThan(60);
    expect(result.requestsPerS).toBeGreaterThanOrEqual(0);
  });
});
