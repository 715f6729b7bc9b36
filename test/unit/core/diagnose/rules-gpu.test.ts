import { beforeAll, describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import type { DiagnosisEvidence } from '../../../../src-main/core/diagnose/evidence';
import { h100Limits, h100Telemetry, loadScenario } from '../../../support/diagnose-scenarios';
import { classesOn, findingOf } from './diagnose-support';

let healthy: DiagnosisEvidence;
let loaded: TelemetrySample[];
let idle: TelemetrySample[];
let hostSpin: TelemetrySample[];

/** The healthy run's probe with the live H100 capture's samples as its telemetry, and the H100's limits. */
const onH100 = (samples: TelemetrySample[]): DiagnosisEvidence => ({ ...healthy, ...h100Limits(), probes: [{ ...healthy.probes[0]!, telemetry: samples }] });
const editGpus = (samples: TelemetrySample[], edit: (gpu: TelemetrySample['gpus'][number]) => TelemetrySample['gpus'][number]): TelemetrySample[] =>
  samples.map((sample) => ({ ...sample, gpus: sample.gpus.map(edit) }));
const withLog = (evidence: DiagnosisEvidence, lines: string[]): DiagnosisEvidence => ({ ...evidence, server: { ...evidence.server, log: `${evidence.server.log ?? ''}\n${lines.join('\n')}` } });

beforeAll(async () => {
  healthy = loadScenario('healthy-np4-t1');
  const probe = healthy.probes[0]!;
  [loaded, idle, hostSpin] = await Promise.all([h100Telemetry(probe, 11, 22), h100Telemetry(probe, 0, 5), h100Telemetry(probe, 14, 22)]);
});

describe('C1 GPU compute-bound', () => {
  it('fires on the live H100 capture while its matmul kept the GPU at 100 % near its 700 W limit', () => {
    const { finding } = findingOf(onH100(loaded), 'C1');
    expect(finding.evidence.find((entry) => entry.figure === 'pwrFrac')?.value).toBeGreaterThan(0.9);
    expect(finding.ruledOut.map((entry) => entry.classId)).toEqual(expect.arrayContaining(['C17', 'C4', 'C2']));
  });
  it('stays silent on the same capture while the GPU idled', () => {
    expect(classesOn(onH100(idle))).not.toContain('C1');
  });
});

describe('C2 memory-bandwidth-bound decode', () => {
  it('fires on the loaded capture with the memory controller edited to 85 % busy and the draw to 60 % of the limit', () => {
    // Edited: memBusyPct 9 → 85 and powerW → 420 W, the profile of a decode that streams weights; the matmul was compute-bound.
    const evidence = onH100(editGpus(loaded, (gpu) => ({ ...gpu, memBusyPct: 85, powerW: 420 })));
    expect(findingOf(evidence, 'C2').fixes[0]!.changes.map((change) => change.flag)).toEqual(['parallel', 'kvUnified']);
  });
  it('stays silent on the recorded loaded capture, whose memory controller was 9 % busy', () => {
    expect(classesOn(onH100(loaded))).not.toContain('C2');
  });
});

describe('C4 single-thread hot spot', () => {
  it('fires on the capture where one core spun for the GPU, with the GPU edited down to 55 %', () => {
    // Edited: utilPct 100 → 55, a GPU waiting on the one busy host thread; the cores are as recorded.
    const { finding } = findingOf(onH100(editGpus(hostSpin, (gpu) => ({ ...gpu, utilPct: 55 }))), 'C4');
    expect(finding.evidence.find((entry) => entry.figure === 'busiestCore')?.value).toBeGreaterThan(0.95);
  });
  it('stays silent on the recorded capture, where the GPU was the busy one', () => {
    expect(classesOn(onH100(hostSpin))).not.toContain('C4');
  });
});

describe('C17 throttling', () => {
  it('fires on the loaded capture with a thermal reason and a 1300 MHz SM clock planted in every sample', () => {
    // Edited: clockEventReasons ['hw_thermal_slowdown'] and smClockMhz 1980 → 1300; the H100 never throttled.
    const evidence = onH100(editGpus(loaded, (gpu) => ({ ...gpu, clockEventReasons: ['hw_thermal_slowdown'], smClockMhz: 1300 })));
    expect(findingOf(evidence, 'C17').fixes[0]!.changes).toEqual([]);
  });
  it('stays silent on the recorded capture, whose one power-cap sample kept 1965 of 1980 MHz', () => {
    expect(classesOn(onH100(loaded))).not.toContain('C17');
  });
});

describe('C12 partial offload', () => {
  it("fires when an `offloaded 20/33 layers` line is added to the healthy run's recorded log", () => {
    // Edited: the CPU build printed no offload line; this one is llama.cpp v0.5.0's wording (diagnosis-rules.md §1.4).
    const evidence = withLog(onH100(loaded), ['load_tensors: offloaded 20/33 layers to GPU']);
    expect(findingOf(evidence, 'C12').fixes[0]!.changes[0]).toMatchObject({ flag: 'gpuLayers', to: -2 });
  });
  it('stays silent on the recorded log', () => {
    expect(classesOn(onH100(loaded))).not.toContain('C12');
  });
});

describe('C19 flash attention on the CPU', () => {
  it('fires when the fallback line and a full offload are added to the recorded log', () => {
    // Edited: two v0.5.0 log lines (diagnosis-rules.md §1.4) appended; the CPU build printed neither.
    const evidence = withLog(onH100(loaded), ['load_tensors: offloaded 33/33 layers to GPU', 'llama_context: layer 0 is assigned to device CUDA0 but Flash Attention is assigned to device CPU (usually due to missing support)']);
    const { finding, fixes } = findingOf(evidence, 'C19');
    expect(finding.ruledOut.map((entry) => entry.classId)).toEqual(['C12']);
    expect(fixes[0]!.changes.map((change) => [change.flag, change.to])).toEqual([['cacheTypeK', 'f16'], ['cacheTypeV', 'f16'], ['flashAttn', 'auto']]);
  });
  it('stays silent on the recorded log', () => {
    expect(classesOn(onH100(loaded))).not.toContain('C19');
  });
});
