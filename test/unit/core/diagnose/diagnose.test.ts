import { describe, expect, it } from 'vitest';
import { validateServerConfig } from '../../../../src-shared/config/validate-server-config';
import { DiagnosisConclusion } from '../../../../src-shared/schemas/diagnosis-findings';
import { diagnose, ruleContext } from '../../../../src-main/core/diagnose/diagnose';
import { applyChanges, recommend } from '../../../../src-main/core/diagnose/recommend';
import type { FixDraft, RuleResult } from '../../../../src-main/core/diagnose/rules/rule';
import { editProbe, loadScenario, type ScenarioName } from '../../../support/diagnose-scenarios';

const conclude = (name: ScenarioName): DiagnosisConclusion => diagnose(loadScenario(name))!;

describe('diagnose', () => {
  it('says nothing is wrong and the hardware is the limit on the healthy run, with the settings already right', () => {
    const conclusion = conclude('healthy-np4-t1');
    expect(conclusion.findings).toEqual([]);
    expect(conclusion.verdict).toMatchObject({ outcome: 'hardware-limit', primary: null, users: 8 });
    expect(conclusion.verdict.sentence).toMatch(/^Nothing is wrong at 8 users: the hardware is the limit/);
    expect(conclusion.recommendations).toEqual([]);
    expect(conclusion.alreadyRight.map((audit) => audit.sentence)).toContain('-t 1 matches the 1 core the server may use, the load generator keeping the rest.');
  });

  it.each([
    ['slots-too-few-np1', 'C7', 'parallel'],
    ['threads-oversubscribed-t2', 'C5', 'threads'],
    ['context-too-small-c512', 'C8', 'ctxSize'],
  ] as const)('names %s’s planted fault as the primary bottleneck and recommends its flag first', (name, classId, flag) => {
    const conclusion = conclude(name);
    expect(conclusion.verdict).toMatchObject({ outcome: 'bottleneck', primary: { classId, role: 'primary' } });
    expect(conclusion.recommendations[0]).toMatchObject({ rank: 1, classId, changes: expect.arrayContaining([expect.objectContaining({ flag })]) });
  });

  it('gives recommendations that validateServerConfig accepts on the current configuration', () => {
    for (const name of ['slots-too-few-np1', 'threads-oversubscribed-t2', 'context-too-small-c512'] as const) {
      const evidence = loadScenario(name);
      for (const recommendation of diagnose(evidence)!.recommendations) {
        expect(validateServerConfig(applyChanges(evidence.config, recommendation.changes)).filter((problem) => problem.severity === 'error')).toEqual([]);
      }
    }
  });

  it('drops a fix whose configuration llama-server would refuse', () => {
    const context = ruleContext(loadScenario('healthy-np4-t1'))!;
    const fix: FixDraft = { title: '-np 300', changes: [{ flag: 'parallel', to: 300, reason: 'more slots than llama-server accepts (256 at most)' }], expectedEffect: 'x', verify: 'y', impact: 'high', effort: 'E1', risk: 'L' };
    const result: RuleResult = {
      finding: { classId: 'C7', ruleId: 'diagnose.c07-slots-too-few', severity: 'warning', title: 'planted', evidence: [], ruledOut: [], impact: 'high', effort: 'low', risk: 'low' },
      fixes: [fix],
    };
    expect(recommend([result], context)).toEqual([]);
  });

  it('ranks by impact, then effort, then risk: the thread fix, then freeing host memory, then the prompt cache', () => {
    // Edited: the -t 2 run with each request's prompt time × 100, and MemAvailable at 5 %, so C11 and C10 join C5.
    const evidence = editProbe(loadScenario('threads-oversubscribed-t2'), (probe) => ({
      ...probe,
      requests: probe.requests!.map((record) => ({ ...record, ...(record.serverPromptMs === undefined ? {} : { serverPromptMs: record.serverPromptMs * 100 }) })),
      telemetry: probe.telemetry.map((sample) => ({ ...sample, memory: { ...sample.memory, availableBytes: sample.memory.totalBytes * 0.05 } })),
    }));
    const ranked = diagnose(evidence)!.recommendations.map((recommendation) => [recommendation.classId, recommendation.effort, recommendation.risk]);
    expect(ranked).toEqual([['C5', 'E1', 'L'], ['C11', 'E1', 'L'], ['C10', 'E1', 'M']]);
  });

  it('says the measurement must be fixed first when the load generator was the limit, and does not blame the server', () => {
    // Edited: clientHealth.busiestWorkerBusyFraction 0.169 → 0.93 on the healthy run.
    const evidence = editProbe(loadScenario('healthy-np4-t1'), (probe) => ({ ...probe, summary: { ...probe.summary, clientHealth: { ...probe.summary.clientHealth!, busiestWorkerBusyFraction: 0.93 } } }));
    const conclusion = diagnose(evidence)!;
    expect(conclusion.verdict).toMatchObject({ outcome: 'measurement', primary: { classId: 'C15' } });
    expect(conclusion.findings.map((finding) => finding.classId)).toEqual(['C15']);
  });

  it('speaks of the probe judged when the capacity search found none (its one-user probe was invalid), in the shape the wire schema accepts', () => {
    const evidence = editProbe(loadScenario('healthy-np4-t1'), (probe) => ({ ...probe, summary: { ...probe.summary, clientHealth: { ...probe.summary.clientHealth!, busiestWorkerBusyFraction: 0.93 } } }));
    const conclusion = diagnose({ ...evidence, capacity: { capacityUsers: 0 } })!;
    expect(conclusion.verdict.users).toBe(evidence.probes[0]!.users);
    expect(DiagnosisConclusion.safeParse(conclusion).error).toBeUndefined();
  });

  it('lets a user move a rule-of-thumb line: a deferred-share line above 1 silences C7', () => {
    const conclusion = diagnose(loadScenario('slots-too-few-np1'), { thresholds: { deferredFraction: 1.01 } })!;
    expect(conclusion.findings.map((finding) => finding.classId)).not.toContain('C7');
    expect(conclusion.thresholds['deferredFraction']).toBe(1.01);
  });

  it('leaves a signal it cannot compute null, with the reason', () => {
    const busyWin = conclude('healthy-np4-t1').signals.find((signal) => signal.name === 'busyWin');
    expect(busyWin).toMatchObject({ value: null, reason: expect.stringMatching(/n_decode_total/) });
  });

  it('concludes in the shape the wire schema accepts', () => {
    for (const name of ['healthy-np4-t1', 'slots-too-few-np1', 'threads-oversubscribed-t2', 'context-too-small-c512'] as const) {
      expect(DiagnosisConclusion.safeParse(conclude(name)).error).toBeUndefined();
    }
  });

  it('judges the probe at the capacity found, and says nothing without probes', () => {
    const evidence = loadScenario('slots-too-few-np1');
    const smaller = { ...evidence.probes[0]!, runId: 'r4', users: 4 };
    expect(diagnose({ ...evidence, probes: [smaller, evidence.probes[0]!], capacity: { capacityUsers: 4 } })!.focusRunId).toBe('r4');
    expect(diagnose({ ...evidence, probes: [] })).toBeNull();
  });
});
