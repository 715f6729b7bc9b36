import { describe, expect, it } from 'vitest';
import { assessClientHealth } from '../../../../src-main/core/loadgen/client-health';
import { tokenSourceCounts } from '../../../../src-main/core/loadgen/summary';

const idle = { busyFraction: 0.2, loopLagP50Ms: 0.1, loopLagP99Ms: 2, loopLagMaxMs: 5 };

describe('assessClientHealth', () => {
  it('passes a relaxed generator', () => {
    const health = assessClientHealth({ workers: [idle, idle], parentBusyFraction: 0.1, processCpuFraction: 0.3, cores: 2 });
    expect(health).toMatchObject({ isClientLimited: false, reasons: [], workers: 2, busiestWorkerBusyFraction: 0.2, loopLagP99Ms: 2 });
  });

  it('marks the run and says why when any line is crossed', () => {
    const health = assessClientHealth({ workers: [idle, { ...idle, busyFraction: 0.97, loopLagP99Ms: 45 }], parentBusyFraction: 0.1, processCpuFraction: 0.95, cores: 2 });
    expect(health.isClientLimited).toBe(true);
    expect(health.reasons).toHaveLength(3);
    expect(health.reasons.join('\n')).toMatch(/busy 97%[\s\S]*45\.0 ms late at p99[\s\S]*95% of the 2 usable cores/);
  });
});

describe('tokenSourceCounts', () => {
  it('names the primary source only when it covers 95 % of the successes', () => {
    expect(tokenSourceCounts({ usage: 96, timings: 0, chunks: 4 }).primary).toBe('usage');
    expect(tokenSourceCounts({ usage: 90, timings: 0, chunks: 10 }).primary).toBe('mixed');
    expect(tokenSourceCounts({ usage: 0, timings: 0, chunks: 0 }).primary).toBe('none');
  });
});
