import { describe, expect, it } from 'vitest';
import { draftToPlanInput, emptyBenchDraft } from '../../../../../src-renderer/pages/bench/plan-draft';

describe('draftToPlanInput', () => {
  it('leaves empty lists to llama-bench, reads one model per line and one extra argument per word', () => {
    const plan = draftToPlanInput({ ...emptyBenchDraft, models: ' /m/a.gguf \n\n/m/b.gguf', threads: ' 4,8 ', flashAttn: 'on,off', extraArgs: '  --delay 2  -sm none ' });
    expect(plan).toEqual({ models: ['/m/a.gguf', '/m/b.gguf'], nPrompt: '512', nGen: '128', threads: '4,8', flashAttn: 'on,off', repetitions: '5', extraArgs: ['--delay', '2', '-sm', 'none'] });
  });

  it('passes a lone -fa through, so the core can say it needs a value', () => {
    expect(draftToPlanInput({ ...emptyBenchDraft, models: 'm.gguf', extraArgs: '-fa' }).extraArgs).toEqual(['-fa']);
  });
});
