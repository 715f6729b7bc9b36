import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmdSmiMetricJson } from '../../../../src-main/core/telemetry/parse-amd-smi';
import { parseRadeontopDump, parseRadeontopLine } from '../../../../src-main/core/telemetry/parse-radeontop';
import { parseRocmSmiJson } from '../../../../src-main/core/telemetry/parse-rocm-smi';
import { hostFixture } from './fixtures';
import { expectOnlyParseErrors, mutatedJson, mutatedLines } from './parser-properties';

const mib = 1024 * 1024;

describe('parseRocmSmiJson', () => {
  it('reads use and memory use of both cards; card1 lacks GFX Activity', () => {
    const report = parseRocmSmiJson(hostFixture('rocm-smi.json'));
    expect(report.cards.map((card) => [card.card, card.gpuUsePct, card.vramAllocatedPct, card.memActivityPct])).toEqual([
      [0, 87, 63, 41],
      [1, 0, 2, 0],
    ]);
  });

  it('reads temperatures, package power and VRAM bytes', () => {
    const [card] = parseRocmSmiJson(hostFixture('rocm-smi-temp-power.json')).cards;
    expect(card).toMatchObject({ temperatureEdgeC: 64, temperatureJunctionC: 83, temperatureMemoryC: 76, powerW: 291, vramTotalBytes: 25753026560, vramUsedBytes: 16224378880 });
  });

  it('says "cannot read rocm-smi output" for text that is not its JSON', () => {
    expect(() => parseRocmSmiJson('WARNING: No AMD GPUs specified')).toThrowError(/cannot read rocm-smi output \(no JSON found\); first line: "WARNING: No AMD GPUs specified"/);
    expect(() => parseRocmSmiJson('[1,2]')).toThrowError(/cannot read rocm-smi output/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseRocmSmiJson, 'rocm-smi', fc.oneof(fc.string(), fc.json(), mutatedJson(hostFixture('rocm-smi.json'))));
  });
});

describe('parseAmdSmiMetricJson', () => {
  it('reads the top-level array layout', () => {
    const gpus = parseAmdSmiMetricJson(hostFixture('amd-smi-metric.json'));
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toMatchObject({ gpu: 0, gfxActivityPct: 94, umcActivityPct: 71, socketPowerW: 298, hotspotTemperatureC: 88, vramUsedBytes: 15472 * mib, throttled: false });
    expect(gpus[1]!.gfxActivityPct).toBe(0);
  });

  it('reads the newer gpu_data layout of an APU working out of GTT', () => {
    const [apu] = parseAmdSmiMetricJson(hostFixture('amd-smi-metric-gpu_data.json'));
    expect(apu).toMatchObject({ gfxActivityPct: 88, umcActivityPct: null, hotspotTemperatureC: null, gttUsedBytes: 70321 * mib, vramTotalBytes: 512 * mib, throttled: null });
  });

  it('says "cannot read amd-smi output" for another shape', () => {
    expect(() => parseAmdSmiMetricJson('{"gpus": []}')).toThrowError(/cannot read amd-smi output.*first line: "\{"gpus": \[\]\}"/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseAmdSmiMetricJson, 'amd-smi', fc.oneof(fc.string(), fc.json(), mutatedJson(hostFixture('amd-smi-metric.json')), mutatedJson(hostFixture('amd-smi-metric-gpu_data.json'))));
  });
});

describe('parseRadeontopDump', () => {
  it('reads three lines, un-padded microseconds as microseconds', () => {
    const readings = parseRadeontopDump(hostFixture('radeontop.txt'));
    expect(readings).toHaveLength(3);
    expect(readings[1]!.timestampMs).toBeCloseTo(1795365668 * 1000 + 9.402, 6);
    expect(readings[0]).toMatchObject({ bus: 3, gpuPct: 91.67, vramPct: 64.21, vramMiB: 15471.6, gttMiB: 218.93, sclkGhz: 2.41 });
    expect(readings[0]!.blocksPct.ee).toBe(0);
  });

  it('finds fields by keyword when optional blocks are missing', () => {
    const reading = parseRadeontopLine('1732290000.5: bus 0a, gpu 12.00%, ee 1.00%, vram 10.00% 100.00mb');
    expect(reading).toMatchObject({ bus: 10, gpuPct: 12, vramMiB: 100, sclkGhz: null, gttPct: null });
  });

  it('says "cannot read radeontop output" for an error message', () => {
    expect(() => parseRadeontopDump("Can't open file for writing\n")).toThrowError(/cannot read radeontop output.*first line: "Can't open file for writing"/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseRadeontopDump, 'radeontop', fc.oneof(fc.string(), mutatedLines(hostFixture('radeontop.txt'))));
  });
});
