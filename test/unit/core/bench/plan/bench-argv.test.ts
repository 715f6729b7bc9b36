import { describe, expect, it } from 'vitest';
import { buildBenchArgv } from '../../../../../src-main/core/bench/plan/bench-argv';
import { assertBenchPlan } from '../../../../../src-main/core/bench/plan/bench-plan';

describe('buildBenchArgv', () => {
  it('writes every list as llama-bench takes it, with -o jsonl last', () => {
    const { plan } = assertBenchPlan({
      models: ['/models/My Model.gguf', 'b.gguf'], nPrompt: '0', nGen: '128', pg: ['512,128', '1024,256'], nDepth: '0,4096',
      threads: '8,16', batchSize: '2048', ubatchSize: '512', gpuLayers: '99', flashAttn: 'on,off', cacheTypeK: 'q8_0',
      cacheTypeV: 'q8_0', repetitions: 3, extraArgs: ['-sm', 'row'],
    });
    expect(buildBenchArgv(plan, { withProgress: true })).toEqual([
      '-m', '/models/My Model.gguf', '-m', 'b.gguf', '-p', '0', '-n', '128', '-pg', '512,128', '-pg', '1024,256',
      '-d', '0,4096', '-t', '8,16', '-b', '2048', '-ub', '512', '-ngl', '99', '-fa', 'on,off', '-ctk', 'q8_0', '-ctv', 'q8_0',
      '-r', '3', '-sm', 'row', '--progress', '-o', 'jsonl',
    ]);
  });

  it('leaves defaults to llama-bench', () => {
    expect(buildBenchArgv(assertBenchPlan({ models: 'm.gguf' }).plan)).toEqual(['-m', 'm.gguf', '-o', 'jsonl']);
  });
});
