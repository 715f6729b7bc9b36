import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../../src-main/core/diagnose/diagnose';
import { describeChange, evidenceRows } from '../../../../../src-renderer/pages/diagnose/evidence-view';
import { loadScenario } from '../../../../support/diagnose-scenarios';

describe('a finding’s evidence as the cards show it', () => {
  it('gives each figure of the recorded -np 1 run its value, its rule-of-thumb line and the run to check it in', () => {
    const conclusion = diagnose(loadScenario('slots-too-few-np1'))!;
    const rows = evidenceRows(conclusion.verdict.primary!.evidence);
    expect(rows.find((row) => row.figure === 'deferredFrac')).toEqual({
      figure: 'deferredFrac',
      value: '1.00',
      threshold: '0.20',
      isRuleOfThumb: true,
      gauge: { value: 0.8, threshold: 0.16 },
      source: 'run',
      runId: conclusion.focusRunId,
    });
    expect(rows.find((row) => row.figure === 'slots')).toMatchObject({ source: 'server flags', runId: undefined });
    expect(rows.find((row) => row.figure === 'lServer')).toMatchObject({ threshold: null, isRuleOfThumb: false, gauge: null });
  });

  it('says a figure that could not be measured in words, and draws no bar for it', () => {
    const [row] = evidenceRows([{ figure: 'busyWin', value: null, threshold: 0.9, source: { kind: 'sample' } }]);
    expect(row).toMatchObject({ value: 'not measured', gauge: null, source: 'telemetry sample' });
  });
});

describe('a recommendation’s exact flag changes', () => {
  it('reads as a command line: the old value, the new one, and a toggle by its spelling', () => {
    const [slots, unified] = diagnose(loadScenario('slots-too-few-np1'))!.recommendations[0]!.changes;
    expect(describeChange(slots!)).toBe('-np 1 → -np 10');
    expect(describeChange(unified!)).toBe('-kvu (not set before)');
    expect(describeChange({ flag: 'contBatching', from: true, to: false })).toBe('-cb → -nocb');
  });
});
