import { describe, expect, it } from 'vitest';
import { judgeChange, judgeTest } from '../../../../../src-shared/metrics/stats/verdict';

describe('judgeChange', () => {
  const lower = { better: 'lower', minEffectPct: 5 } as const;
  const higher = { better: 'higher', minEffectPct: 5 } as const;

  it('calls an interval holding zero within noise', () => {
    expect(judgeChange({ estimatePct: -8, lowPct: -20, highPct: 0.5 }, lower)).toBe('within noise');
  });

  it('calls a clear drop better where lower is better, and worse where higher is better', () => {
    const drop = { estimatePct: -38, lowPct: -44, highPct: -31 };
    expect(judgeChange(drop, lower)).toBe('better');
    expect(judgeChange(drop, higher)).toBe('worse');
  });

  it('calls a real change smaller than the minimum effect within noise', () => {
    expect(judgeChange({ estimatePct: 3, lowPct: 2, highPct: 4 }, higher)).toBe('within noise');
    expect(judgeChange({ estimatePct: 3, lowPct: 2, highPct: 4 }, { better: 'higher', minEffectPct: 0 })).toBe('better');
  });

  it('has too few samples without an interval', () => {
    expect(judgeChange(null, lower)).toBe('too few samples');
  });
});

describe('judgeTest', () => {
  it('follows the sign of t below alpha and calls the rest within noise', () => {
    expect(judgeTest({ p: 0.01, t: 3 }, { better: 'higher', alpha: 0.05 })).toBe('better');
    expect(judgeTest({ p: 0.01, t: 3 }, { better: 'lower', alpha: 0.05 })).toBe('worse');
    expect(judgeTest({ p: 0.2, t: 3 }, { better: 'higher', alpha: 0.05 })).toBe('within noise');
    expect(judgeTest(null, { better: 'higher', alpha: 0.05 })).toBe('too few samples');
  });
});
