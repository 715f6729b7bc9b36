import { describe, expect, it } from 'vitest';
import type { TelemetryRecord, TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import { summarizeTelemetry } from '../../../../src-main/core/telemetry/telemetry-summary';

function sample(t: number, busy: number[], gpuUtil: Array<number | null>): TelemetrySample {
  const share = { busyPct: 0, userPct: 0, systemPct: 0, iowaitPct: 0, stealPct: 0 };
  return {
    kind: 'sample', t, intervalMs: 1000,
    cpus: busy.map((busyPct, id) => ({ ...share, id, busyPct })),
    cpuTotal: share,
    memory: { totalBytes: 1, availableBytes: 1, usedBytes: 0, swapTotalBytes: 0, swapUsedBytes: 0 },
    load: null,
    gpus: gpuUtil.map((utilPct, index) => ({ vendor: 'nvidia', index, id: `GPU-${index}`, name: null, utilPct, memBusyPct: null, memUsedBytes: null, memTotalBytes: null, powerW: null, temperatureC: null, smClockMhz: null, memClockMhz: null, clockEventReasons: [] })),
    server: null, io: null, samplerCpuPct: null,
  };
}

describe('summarizeTelemetry', () => {
  it('gives peak and mean busy % per CPU and per GPU, counting gaps without filling them', () => {
    const records: TelemetryRecord[] = [
      sample(1000, [10, 100], [50]),
      { kind: 'gap', startT: 1000, endT: 5000, reason: 'connection lost' },
      sample(6000, [30, 20], [null]),
      sample(7000, [20, 30], [70]),
    ];
    const summary = summarizeTelemetry(records);
    expect(summary.samples).toBe(3);
    expect(summary.gaps).toBe(1);
    expect(summary.cpus).toEqual([
      { id: 'cpu0', peakPct: 30, meanPct: 20, samples: 3 },
      { id: 'cpu1', peakPct: 100, meanPct: 50, samples: 3 },
    ]);
    expect(summary.gpus).toEqual([{ id: 'GPU-0', peakPct: 70, meanPct: 60, samples: 2 }]);
  });
});
