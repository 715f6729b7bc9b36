import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClockEventReasons, nvidiaReadingToSample, nvidiaStreamFields, parseNvidiaSmiCsv, parseNvidiaSmiLine } from '../../../../src-main/core/telemetry/parse-nvidia-smi';
import { GpuSample } from '../../../../src-shared/schemas/telemetry-sample';
import { hostFixture } from './fixtures';
import { expectOnlyParseErrors, mutatedLines } from './parser-properties';

describe('parseNvidiaSmiCsv', () => {
  it('reads three periods of two RTX 4090s, power cap and idle reasons decoded', () => {
    const readings = parseNvidiaSmiCsv(hostFixture('nvidia-smi.csv'));
    expect(readings).toHaveLength(6);
    expect(readings[0]).toMatchObject({ index: 0, name: 'NVIDIA GeForce RTX 4090', busId: '00000000:01:00.0', utilGpuPct: 97, utilMemPct: 78, memTotalMiB: 24564, powerDrawW: 387.54, clockEventReasons: [] });
    expect(readings[2]!.clockEventReasons).toEqual(['sw_power_cap']);
    expect(readings[4]!.clockEventReasons).toEqual(['gpu_idle']);
    expect(readings[4]!.pstate).toBe('P8');
  });

  it('turns [N/A] into null on the H100 without a fan', () => {
    const [h100] = parseNvidiaSmiCsv(hostFixture('nvidia-smi-h100-na.csv'));
    expect(h100!.fanPct).toBeNull();
    expect(h100!.memTotalMiB).toBe(81559);
  });

  it('reads the live H100 capture, one-shot and -lms 500', () => {
    const [live] = parseNvidiaSmiCsv(hostFixture('nvidia-smi-h100-live.csv'));
    expect(live).toMatchObject({ index: 0, name: 'NVIDIA H100 80GB HBM3', driverVersion: '580.159.04', memTotalMiB: 81559, fanPct: null, clockEventReasons: ['gpu_idle'] });
    const periods = parseNvidiaSmiCsv(hostFixture('nvidia-smi-h100-live-lms500.csv'));
    expect(periods.length).toBeGreaterThanOrEqual(4);
    expect(new Set(periods.map((reading) => reading.uuid)).size).toBe(1);
  });

  it('makes schema-valid GPU samples keyed by UUID, memory in bytes', () => {
    for (const reading of parseNvidiaSmiCsv(hostFixture('nvidia-smi.csv'))) {
      const sample = GpuSample.parse(nvidiaReadingToSample(reading));
      expect(sample.id).toMatch(/^GPU-/);
      expect(sample.memUsedBytes).toBe(reading.memUsedMiB! * 1024 * 1024);
    }
  });

  it('reads the streamed field list, leaving the fields it did not ask for empty', () => {
    const line = '2026/11/22 18:15:05.225, 0, GPU-af9e8800-d984-e4f6-3a5b-44222095ffcf, NVIDIA H100 80GB HBM3, 580.159.04, P0, 0, 0, 81559, 0, 81079, 41, 69.55, 700.00, 345, 2619, [N/A], 0x0000000000000001';
    const reading = parseNvidiaSmiLine(line, nvidiaStreamFields);
    expect(reading).toMatchObject({ index: 0, busId: '', maxSmClockMhz: null, powerDrawW: 69.55, memClockMhz: 2619, clockEventReasons: ['gpu_idle'] });
    expect(() => parseNvidiaSmiLine(hostFixture('nvidia-smi.csv').split('\n')[0]!, nvidiaStreamFields)).toThrowError(/expected 18 comma-separated values, got 20/);
  });

  it('names every set bit of a clocks_event_reasons mask, known or not', () => {
    expect(decodeClockEventReasons('0x0000000000000044')).toEqual(['sw_power_cap', 'hw_thermal_slowdown']);
    expect(decodeClockEventReasons('0x0000000000001000')).toEqual(['bit_0x1000']);
    expect(decodeClockEventReasons('[N/A]')).toEqual([]);
  });

  it('says "cannot read nvidia-smi output" for a header or an error message', () => {
    expect(() => parseNvidiaSmiLine('timestamp, index, uuid')).toThrowError(/cannot read nvidia-smi output.*first line: "timestamp, index, uuid"/);
    expect(() => parseNvidiaSmiCsv('Field "clocks_event_reasons.active" is not a valid field to query.\n')).toThrowError(/cannot read nvidia-smi output/);
    expect(() => parseNvidiaSmiCsv('')).toThrowError(/cannot read nvidia-smi output \(no output\)/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseNvidiaSmiCsv, 'nvidia-smi', fc.oneof(fc.string({ maxLength: 300 }), mutatedLines(hostFixture('nvidia-smi.csv'))));
  });

  it('reads any well-formed line whatever the numbers and names', () => {
    const value = fc.oneof(fc.constant('[N/A]'), fc.constant('[Not Supported]'), fc.float({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }).map(String));
    fc.assert(
      fc.property(fc.nat(64), fc.stringMatching(/^[A-Za-z0-9 ()-]{1,30}$/), fc.array(value, { minLength: 12, maxLength: 12 }), (index, name, numbers) => {
        const line = ['2026/11/22 16:41:07.512', String(index), 'GPU-x', name, '00000000:01:00.0', '550.1', 'P2', ...numbers, '0x4'].join(', ');
        const reading = parseNvidiaSmiLine(line);
        expect(reading.index).toBe(index);
        expect(reading.name).toBe(name.trim());
        expect(reading.clockEventReasons).toEqual(['sw_power_cap']);
      }),
    );
  });
});
