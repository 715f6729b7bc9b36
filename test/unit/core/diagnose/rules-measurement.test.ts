import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEvidence } from '../../../../src-main/core/diagnose/evidence';
import { editProbe, loadScenario } from '../../../support/diagnose-scenarios';
import { classesOn, findingOf } from './diagnose-support';

let healthy: DiagnosisEvidence;
beforeAll(() => {
  healthy = loadScenario('healthy-np4-t1');
});

describe('C15 client-bound load generator', () => {
  it("fires on the healthy run with the generator's busiest thread edited to 93 % busy", () => {
    // Edited: clientHealth.busiestWorkerBusyFraction 0.169 → 0.93, a worker thread that could not keep up.
    const evidence = editProbe(healthy, (probe) => ({ ...probe, summary: { ...probe.summary, clientHealth: { ...probe.summary.clientHealth!, busiestWorkerBusyFraction: 0.93 } } }));
    const { finding } = findingOf(evidence, 'C15');
    expect(finding.evidence.map((entry) => entry.figure)).toContain('busiestWorkerBusyFraction');
  });
  it('stays silent on the healthy run, whose generator was 17 % busy', () => {
    expect(classesOn(healthy)).not.toContain('C15');
  });
});

describe('C20 cold start and cache artefacts', () => {
  it('fires when the healthy run is said to be a cold-cache test: the server served 65 k prompt tokens from its cache', () => {
    // Edited: workload.isColdCache true; the cache hits are recorded (every request sent the same prompt).
    const { finding } = findingOf({ ...healthy, workload: { isColdCache: true } }, 'C20');
    expect(finding.evidence.find((entry) => entry.figure === 'cachedPromptTokens')?.value).toBe(65116);
  });
  it('fires when /props says the server is sleeping', () => {
    // Edited: is_sleeping true (the recorded /props said false).
    expect(classesOn({ ...healthy, server: { ...healthy.server, isSleeping: true } })).toContain('C20');
  });
  it('stays silent on the healthy run, whose first requests were as fast as the rest', () => {
    expect(classesOn(healthy)).not.toContain('C20');
  });
});
