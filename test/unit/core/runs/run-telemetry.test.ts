import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TelemetryRecord, TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import { TelemetrySummaryAccumulator } from '../../../../src-main/core/runs/run-telemetry';
import { summarizeTelemetry } from '../../../../src-main/core/telemetry/telemetry-summary';

function sample(t: number, busy: number[], gpuUtil: number | null): TelemetrySample {
  const share = (busyPct: number) => ({ busyPct, userPct: busyPct, systemPct: 0, iowaitPct: 0, stealPct: 0 });
  return {
    kind: 'sample', t, intervalMs: 1000,
    cpus: busy.map((value, id) => ({ id, ...share(value) })),
    cpuTotal: share(busy.reduce((a, b) => a + b, 0) / busy.length),
    memory: { totalBytes: 100, availableBytes: 50, usedBytes: 50, swapTotalBytes: 0, swapUsedBytes: 0 },
    load: null,
    gpus: [{ vendor: 'nvidia', index: 0, id: 'GPU-a', name: null, utilPct: gpuUtil, memBusyPct: null, memUsedBytes: null, memTotalBytes: null, powerW: null, temperatureC: null, smClockMhz: null, memClockMhz: null, clockEventReasons: [] }],
    server: null, io: null, samplerCpuPct: null,
  };
}

describe('the run telemetry summary, folded a record at a time', () => {
  it('equals summarizeTelemetry over all the records at once', () => {
    const pct = fc.double({ min: 0, max: 100, noNaN: true });
    const record = fc.oneof(
      fc.record({ busy: fc.array(pct, { minLength: 3, maxLength: 3 }), gpu: fc.option(pct, { nil: null }) }).map(({ busy, gpu }) => sample(1, busy, gpu) as TelemetryRecord),
      fc.constant({ kind: 'gap', startT: 1, endT: 2, reason: 'connection lost' } as TelemetryRecord),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        const accumulator = new TelemetrySummaryAccumulator();
        records.forEach((r) => accumulator.add(r));
        const folded = accumulator.summary();
        const whole = summarizeTelemetry(records);
        expect(folded.samples).toBe(whole.samples);
        expect(folded.gaps).toBe(whole.gaps);
        expect(folded.cpus.map((c) => c.id)).toEqual(whole.cpus.map((c) => c.id));
        folded.cpus.forEach((cpu, i) => {
          expect(cpu.peakPct).toBe(whole.cpus[i]!.peakPct);
          expect(cpu.meanPct).toBeCloseTo(whole.cpus[i]!.meanPct, 9);
          expect(cpu.samples).toBe(whole.cpus[i]!.samples);
        });
        expect(folded.gpus.map((g) => [g.id, g.samples])).toEqual(whole.gpus.map((g) => [g.id, g.samples]));
      }),
    );
  });
});
