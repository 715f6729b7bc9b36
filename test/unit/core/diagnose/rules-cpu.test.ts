import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCgroupDump } from '../../../../src-main/core/inventory/parse-cgroup';
import type { DiagnosisEvidence } from '../../../../src-main/core/diagnose/evidence';
import { editProbe, loadScenario } from '../../../support/diagnose-scenarios';
import { classesOn, findingOf } from './diagnose-support';

let healthy: DiagnosisEvidence;
beforeAll(() => {
  healthy = loadScenario('healthy-np4-t1');
});

/** The recorded Docker scope of test/fixtures/host/cgroup-v2-cpu.txt (a 4-CPU quota, throttled in 44 % of periods), as the server's cgroup. */
function recordedCgroup(): NonNullable<DiagnosisEvidence['inventory']>['cgroup'] {
  const reading = parseCgroupDump(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'host', 'cgroup-v2-cpu.txt'), 'utf8'));
  return { ...reading, scope: 'server' } as NonNullable<DiagnosisEvidence['inventory']>['cgroup'];
}

describe('C5 thread oversubscription', () => {
  it('fires on the recorded -t 2 run: two threads on the one core the generator leaves the server', () => {
    const { finding, fixes } = findingOf(loadScenario('threads-oversubscribed-t2'), 'C5');
    expect(finding.evidence.find((entry) => entry.figure === 'coreBusy')?.value).toBeGreaterThan(0.9);
    expect(fixes[0]!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ flag: 'threads', from: 2, to: 1 })]));
  });
  it('stays silent on the healthy -t 1 run', () => {
    expect(classesOn(healthy)).not.toContain('C5');
  });
});

describe('C6 container CPU limit', () => {
  it('fires on the -t 2 run under the recorded throttled Docker scope with its quota set from 4 CPUs to 1', () => {
    // Edited: the recorded scope allows 4 CPUs; at 1 CPU the run's -t 2 exceeds it, its throttling counters unchanged.
    const evidence = structuredClone(loadScenario('threads-oversubscribed-t2'));
    evidence.inventory = { ...evidence.inventory!, cgroup: { ...recordedCgroup()!, cpuQuotaCpus: 1 } };
    const { finding } = findingOf(evidence, 'C6');
    expect(finding.evidence.find((entry) => entry.figure === 'cgThr')).toMatchObject({ threshold: 0.1, isRuleOfThumb: true });
    expect(classesOn(evidence)).not.toContain('C5');
  });
  it('stays silent on the healthy run under the recorded 4-CPU scope, whose quota -t 1 fits', () => {
    const evidence = { ...healthy, inventory: { ...healthy.inventory!, cgroup: recordedCgroup() } };
    expect(classesOn(evidence)).not.toContain('C6');
  });
});

describe('C3 CPU-bound with cores to spare', () => {
  it('fires on the healthy run when the generator is said to run elsewhere, leaving both cores to one saturated thread', () => {
    // Edited: isLoadgenOnServerHost false, so the budget is the machine's 2 cores while -t stays 1.
    const { fixes } = findingOf({ ...healthy, isLoadgenOnServerHost: false }, 'C3');
    expect(fixes[0]!.changes[0]).toMatchObject({ flag: 'threads', to: 2 });
  });
  it('stays silent on the healthy run, whose -t 1 already uses its whole budget', () => {
    expect(classesOn(healthy)).not.toContain('C3');
  });
});

describe('C7 slots too few', () => {
  it('fires on the recorded -np 1 run: seven requests deferred behind one slot', () => {
    const { finding, fixes } = findingOf(loadScenario('slots-too-few-np1'), 'C7');
    expect(finding.title).toMatch(/100 % of scrapes/);
    expect(fixes[0]!.changes.map((change) => [change.flag, change.to])).toEqual([['parallel', 10], ['kvUnified', true]]);
  });
  it('stays silent on the healthy -np 4 run, whose queue waits for a saturated CPU, not for slots', () => {
    expect(classesOn(healthy)).not.toContain('C7');
  });
  it('stays silent on the -t 2 run, where both cores were busy', () => {
    expect(classesOn(loadScenario('threads-oversubscribed-t2'))).not.toContain('C7');
  });
});

describe('C8 context too small', () => {
  it('fires on the recorded -c 512 run and sizes -c for the largest refused request', () => {
    const { finding, fixes } = findingOf(loadScenario('context-too-small-c512'), 'C8');
    expect(finding.evidence.find((entry) => entry.figure === 'refusedRequestTokens')?.value).toBe(358);
    expect(fixes[0]!.changes).toEqual([expect.objectContaining({ flag: 'ctxSize', from: 512, to: 2048 })]);
  });
  it('stays silent on the healthy run, which refused nothing', () => {
    expect(classesOn(healthy)).not.toContain('C8');
  });
});

describe('C9 no batching', () => {
  it('fires on the healthy run with every scrape edited to one request processing and none waiting', () => {
    // Edited: running/slotsBusy 1 and waiting 0 in every scrape, what a proxy forwarding one request at a time leaves.
    const evidence = editProbe(healthy, (probe) => ({
      ...probe,
      serverSamples: probe.serverSamples.map((sample) => ({ ...sample, metrics: sample.metrics && { ...sample.metrics, running: 1, waiting: 0 }, derived: { ...sample.derived, slotsBusy: 1, waiting: 0 } })),
    }));
    expect(findingOf(evidence, 'C9').finding.ruledOut.map((entry) => entry.classId)).toContain('C7');
  });
  it('stays silent on the healthy run, where four requests decoded together', () => {
    expect(classesOn(healthy)).not.toContain('C9');
  });
});

describe('C10 prefill-bound', () => {
  it("fires on the healthy run with each request's server prompt time multiplied by 100", () => {
    // Edited: serverPromptMs × 100, as prompts a hundred times longer would take; decode timings unchanged.
    const evidence = editProbe(healthy, (probe) => ({ ...probe, requests: probe.requests!.map((record) => ({ ...record, ...(record.serverPromptMs === undefined ? {} : { serverPromptMs: record.serverPromptMs * 100 }) })) }));
    expect(findingOf(evidence, 'C10').fixes[0]!.changes[0]).toMatchObject({ flag: 'cacheReuse', to: 256 });
  });
  it('stays silent on the healthy run, which spent 3 % of its time on prompts', () => {
    expect(classesOn(healthy)).not.toContain('C10');
  });
});

describe('C11 memory pressure', () => {
  it('fires on the healthy run with MemAvailable edited down to 5 % in every telemetry sample', () => {
    // Edited: availableBytes = 5 % of totalBytes; the recorded host had 89 % available.
    const evidence = editProbe(healthy, (probe) => ({ ...probe, telemetry: probe.telemetry.map((sample) => ({ ...sample, memory: { ...sample.memory, availableBytes: sample.memory.totalBytes * 0.05 } })) }));
    expect(findingOf(evidence, 'C11').fixes[0]!.changes[0]).toMatchObject({ flag: 'cacheRam', to: 0 });
  });
  it('stays silent on the healthy run', () => {
    expect(classesOn(healthy)).not.toContain('C11');
  });
});
