import { describe, expect, it } from 'vitest';
import { planInputFromArgs, validateBenchArgs } from '../../../../../src-main/core/bench/plan/plan-from-args';

describe('planInputFromArgs', () => {
  it('puts plan flags in their fields, adds repeated flags to the list and keeps the rest as extra arguments', () => {
    expect(planInputFromArgs(['-m', 'a.gguf', '-t', '4', '-t', '8', '-pg', '512,128', '-pg', '64,16', '--split-mode', 'row', '-r', '2'])).toEqual({
      input: { models: ['a.gguf'], threads: '4,8', pg: ['512,128', '64,16'], repetitions: '2', extraArgs: ['--split-mode', 'row'] },
      problems: [],
    });
  });
});

describe('validateBenchArgs', () => {
  it('says -fa needs a value when the next flag follows it directly', () => {
    expect(validateBenchArgs(['-m', 'a.gguf', '-fa', '-ngl', '99'])).toEqual({ ok: false, problems: ['-fa needs a value (on, off or auto)'] });
  });

  it('reports command-line and plan problems together', () => {
    expect(validateBenchArgs(['-t', 'x', '-r'])).toEqual({
      ok: false,
      problems: ['-r needs a value', '-m: give at least one model path', '-t: "x" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2'],
    });
  });

  it('accepts a negative -ngl value rather than taking it for a flag', () => {
    const outcome = validateBenchArgs(['-m', 'a.gguf', '-ngl', '-1']);
    expect(outcome.ok && outcome.plan.gpuLayers).toEqual([-1]);
  });
});
