import { describe, expect, it } from 'vitest';
import { checkExtraArgs } from '../../../../../src-main/core/bench/plan/extra-args';

describe('checkExtraArgs', () => {
  it('accepts flags of the catalog with their values, including negatives and _ spellings', () => {
    expect(checkExtraArgs(['-sm', 'row', '-mg', '1', '--no_warmup', '--delay', '2', '-ot', 'exps=CPU', '--poll', '-1'])).toEqual([]);
  });

  it('says -fa needs a value when another flag follows it', () => {
    expect(checkExtraArgs(['-fa', '-ngl', '99'])).toEqual(['-fa needs a value (on, off or auto)', '-ngl belongs in its own field (-ngl), not in extra arguments']);
  });

  it('explains refused flags', () => {
    expect(checkExtraArgs(['--hf-token', 'hf_secret', '--mmap', '0', '--list-devices'])).toEqual([
      '--hf-token is not allowed: a token on the command line is visible to every user of the host; set HF_TOKEN there instead',
      '--mmap is not allowed: removed in v0.5.0 (ggml-org/llama.cpp#20834); use -lm/--load-mode (auto, none, mmap, mlock, mmap+mlock, dio)',
      '--list-devices is not allowed: it lists devices and runs nothing',
    ]);
  });

  it('reports stray values and --flag=value spellings', () => {
    expect(checkExtraArgs(['row', '--split-mode=row'])).toEqual([
      'extra argument "row" is not a flag (a value must follow its flag)',
      '"--split-mode=row": llama-bench takes the value as the next argument, not after "="',
    ]);
  });
});
