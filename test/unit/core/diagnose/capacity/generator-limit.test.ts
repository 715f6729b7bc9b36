import { describe, expect, it } from 'vitest';
import { generatorLimit } from '../../../../../src-main/core/diagnose/capacity/generator-limit';
import { parseCapacitySlos } from '../../../../../src-main/core/diagnose/capacity/capacity-slos';
import { clientFindings } from '../../../../../src-main/core/findings/client/client-rules';
import type { ClientHealth } from '../../../../../src-shared/schemas/run-result';

// Figures as a run summary records them (client-health.ts), each test changing the one that matters.
const calm = { workers: 1, busiestWorkerBusyFraction: 0.2, loopLagP99Ms: 3, loopLagMaxMs: 8, parentBusyFraction: 0.1, processCpuFraction: 0.3, cores: 2 };
function health(changes: Partial<typeof calm>): ClientHealth {
  const figures = { ...calm, ...changes };
  const findings = clientFindings(figures);
  return { isClientLimited: findings.length > 0, reasons: findings.map((finding) => finding.title), findings, ...figures };
}
const slos = (text: string) => parseCapacitySlos(text).slos;

describe('whether the load generator decided a probe', () => {
  it('keeps the verdict when the event loop was late by far less than the tightest limit, with the lag as a note', () => {
    const limit = generatorLimit(health({ loopLagP99Ms: 28 }), slos('e2e_p95<5000,error_rate<0.01'));
    expect(limit).toMatchObject({ isInvalid: false, reasons: [] });
    expect(limit.notes[0]).toMatch(/event loop was 28\.0 ms late at p99/);
  });

  it('makes the probe invalid when the lag is more than a tenth of the tightest latency limit', () => {
    expect(generatorLimit(health({ loopLagP99Ms: 28 }), slos('ttft_p95<200,e2e_p95<5000')).isInvalid).toBe(true);
  });

  it('makes the probe invalid when a generator thread was saturated, whatever the limits', () => {
    const limit = generatorLimit(health({ busiestWorkerBusyFraction: 0.97 }), slos('e2e_p95<60000'));
    expect(limit.isInvalid).toBe(true);
    expect(limit.reasons).toHaveLength(1);
  });

  it('does not blame the generator for a busy process alone: a server inside the same process shares its CPU time', () => {
    expect(generatorLimit(health({ processCpuFraction: 0.97 }), slos('e2e_p95<5000'))).toMatchObject({ isInvalid: false, notes: [expect.any(String) as string] });
  });

  it('trusts a summary recorded before findings existed', () => {
    expect(generatorLimit({ isClientLimited: true, reasons: ['loop lag p99 31 ms'] }, slos('e2e_p95<5000'))).toEqual({ isInvalid: true, reasons: ['loop lag p99 31 ms'], notes: [] });
  });
});
