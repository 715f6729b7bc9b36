import { describe, expect, it } from 'vitest';
import { TelemetryFrame, toTelemetryFrame } from '../../../../src-shared/schemas/telemetry-frame';
import type { TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';

describe('a telemetry sample as a heatmap frame', () => {
  it('keeps one value per CPU in order, rounded to 0.1 %, and GPU memory as a share', () => {
    const share = { userPct: 33.333, systemPct: 10.06, iowaitPct: 0, stealPct: 1.04 };
    const sample: TelemetrySample = {
      kind: 'sample', t: 1_700_000_000_123.5, intervalMs: 1001.2,
      cpus: [{ id: 0, busyPct: 44.44, ...share }, { id: 3, busyPct: 100.0000001, ...share }],
      cpuTotal: { busyPct: 70, ...share },
      memory: { totalBytes: 1000, availableBytes: 750, usedBytes: 250, swapTotalBytes: 0, swapUsedBytes: 0 },
      load: null,
      gpus: [{ vendor: 'nvidia', index: 0, id: 'GPU-x', name: 'H100', utilPct: 97.26, memBusyPct: 40, memUsedBytes: 20, memTotalBytes: 80, powerW: 300, temperatureC: 60, smClockMhz: 1980, memClockMhz: 2619, clockEventReasons: [] }],
      server: null, io: null, samplerCpuPct: 0.2,
    };
    const frame = TelemetryFrame.parse(toTelemetryFrame(sample));
    expect(frame.cpuIds).toEqual([0, 3]);
    expect(frame.busy).toEqual([44.4, 100]);
    expect(frame.user).toEqual([33.3, 33.3]);
    expect(frame.memUsedPct).toBe(25);
    expect(frame.gpus[0]).toMatchObject({ utilPct: 97.3, memUsedPct: 25 });
  });
});
