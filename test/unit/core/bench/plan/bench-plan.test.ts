import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-shared/errors';
import { assertBenchPlan, validateBenchPlan } from '../../../../../src-main/core/bench/plan/bench-plan';

describe('validateBenchPlan', () => {
  it('expands every list of a good plan', () => {
    const outcome = validateBenchPlan({
      models: ['/models/a.gguf', '/models/b.gguf'], nPrompt: '512', nGen: [128], pg: '512,128 1024,256', nDepth: '0,4096',
      threads: '1-16*2', batchSize: 2048, ubatchSize: '256,512', gpuLayers: '99', flashAttn: 'on,off,auto',
      cacheTypeK: 'f16,q8_0', cacheTypeV: ['q8_0'], repetitions: '3', extraArgs: ['-sm', 'row', '--progress'],
    });
    expect(outcome).toEqual({
      ok: true,
      warnings: [],
      plan: {
        models: ['/models/a.gguf', '/models/b.gguf'], nPrompt: [512], nGen: [128], pg: [[512, 128], [1024, 256]], nDepth: [0, 4096],
        threads: [1, 2, 4, 8, 16], batchSize: [2048], ubatchSize: [256, 512], gpuLayers: [99], flashAttn: ['on', 'off', 'auto'],
        cacheTypeK: ['f16', 'q8_0'], cacheTypeV: ['q8_0'], repetitions: 3, extraArgs: ['-sm', 'row', '--progress'],
      },
    });
  });

  it('reads the older -fa spellings as the current words', () => {
    const outcome = validateBenchPlan({ models: 'm.gguf', flashAttn: '1,0,-1' });
    expect(outcome.ok && outcome.plan.flashAttn).toEqual(['on', 'off', 'auto']);
  });

  it('says that -fa needs a value when it is given empty', () => {
    expect(validateBenchPlan({ models: 'm.gguf', flashAttn: '' })).toEqual({ ok: false, problems: ['-fa needs a value: on, off or auto'] });
  });

  it('names the flag and the value of a list with a non-number', () => {
    expect(validateBenchPlan({ models: 'm.gguf', threads: '4,eight' })).toEqual({
      ok: false,
      problems: ['-t: "eight" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2'],
    });
  });

  it('reports every problem of a bad plan at once', () => {
    const outcome = validateBenchPlan({
      models: ['', ''], nPrompt: '-5', threads: '0', ubatchSize: 'lots', gpuLayers: '-2', flashAttn: 'yes', cacheTypeK: 'f32',
      pg: '512', repetitions: 0, extraArgs: ['-o', 'csv', '--frobnicate', '-sm'],
    });
    expect(outcome).toEqual({
      ok: false,
      problems: [
        '-m: give at least one model path',
        '-m: model path 1 is empty',
        '-m: model path 2 is empty',
        '-p: -5 is out of range (0 to 1048576)',
        '-t: 0 is out of range (1 to 1024)',
        '-ub: "lots" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2',
        '-ngl: -2 is out of range (-1 to 10000)',
        '-pg: "512" is not a pair of whole numbers such as 512,128',
        '-fa: "yes" is not on, off or auto',
        '-ctk: "f32" is not a cache type llama-bench takes (f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl)',
        '-r: 0 is out of range (1 to 1000)',
        '-o is not allowed: the workbench sets the output itself (-o jsonl) to read each result as it finishes',
        'unknown llama-bench flag --frobnicate',
        '-sm needs a value',
      ],
    });
  });

  it('refuses a plan that would run nothing', () => {
    expect(validateBenchPlan({ models: 'm.gguf', nPrompt: 0, nGen: '0' })).toEqual({
      ok: false,
      problems: ['nothing to run: every -p and -n value is 0 and there is no -pg pair'],
    });
  });

  it('reports the shape of input that is not a plan at all', () => {
    const outcome = validateBenchPlan({ threads: {} });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems.map((p) => p.split(':')[0])).toEqual(['models', 'threads']);
  });

  it('warns that a micro-batch above the batch size is capped', () => {
    const outcome = validateBenchPlan({ models: 'm.gguf', batchSize: '512', ubatchSize: '256,1024' });
    expect(outcome.ok && outcome.warnings).toEqual(['-ub 1024 is larger than -b 512; llama.cpp caps the micro-batch at the batch size']);
  });
});

describe('assertBenchPlan', () => {
  it('throws one invalid_input error that lists every problem on its own line', () => {
    try {
      assertBenchPlan({ models: 'm.gguf', flashAttn: '', threads: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).toBe(
        'the bench plan has 2 problem(s):\n-t: "x" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2\n-fa needs a value: on, off or auto',
      );
    }
  });
});
