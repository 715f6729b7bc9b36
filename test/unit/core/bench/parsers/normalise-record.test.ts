import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../../../../src-main/core/bench/parsers/normalise-record';

const base = { n_prompt: 512, n_gen: 0, avg_ts: 100, stddev_ts: 1 };
const at = { where: 'result 1' };

describe('normaliseRecord', () => {
  it.each([
    [true, 'on'], [false, 'off'], [1, 'on'], [0, 'off'], [-1, 'auto'], ['1', 'on'], ['-1', 'auto'], ['auto', 'auto'], ['on', 'on'],
  ] as const)('reads flash_attn %j as %s', (value, expected) => {
    expect(normaliseRecord({ ...base, flash_attn: value }, at).params.flash_attn).toBe(expected);
  });

  it.each([
    [{ load_mode: 'mlock' }, 'mlock'],
    [{ use_mmap: true }, 'mmap'],
    [{ use_mmap: false }, 'none'],
    [{ use_mmap: '0' }, 'none'],
    [{ use_mmap: true, use_direct_io: true }, 'dio'],
    [{}, undefined],
  ] as const)('folds the load fields %j into load_mode %s', (fields, expected) => {
    expect(normaliseRecord({ ...base, ...fields }, at).params.load_mode).toBe(expected);
  });

  it('folds pre-2025 backend booleans into backends the way those builds printed them', () => {
    expect(normaliseRecord({ ...base, cuda: true, gpu_blas: true, blas: true }, at).backends).toBe('CUDA');
    expect(normaliseRecord({ ...base, cuda: '0', vulkan: '1' }, at).backends).toBe('Vulkan');
    expect(normaliseRecord({ ...base, cuda: false, metal: false, rpc: '1' }, at).backends).toBe('CPU+RPC');
    expect(normaliseRecord({ ...base, backends: 'CUDA,RPC', cuda: true }, at).backends).toBe('CUDA,RPC');
    expect(normaliseRecord(base, at).backends).toBeNull();
  });

  it('keeps a known parameter with an unexpected value out of the typed parameters', () => {
    const result = normaliseRecord({ ...base, n_threads: 'many', flash_attn: 'maybe' }, at);
    expect(result.params).toEqual({});
    expect(result.extra).toEqual({ n_threads: 'many', flash_attn: 'maybe' });
  });

  it('derives the mean and stddev from samples when they are missing', () => {
    const result = normaliseRecord({ n_prompt: 0, n_gen: 16, samples_ts: [10, 20, 30] }, at);
    expect(result).toMatchObject({ avgTs: 20, stddevTs: 10, repetitions: 3, samplesTs: [10, 20, 30] });
  });

  it('names the record and the field when a required field is missing or wrong', () => {
    expect(() => normaliseRecord({ n_gen: 0, avg_ts: 1 }, at)).toThrowError('cannot read llama-bench output: result 1 has no n_prompt');
    expect(() => normaliseRecord({ ...base, n_gen: 'x' }, { where: 'line 9' })).toThrowError('cannot read llama-bench output: line 9 has n_gen = "x"');
    expect(() => normaliseRecord({ n_prompt: 1, n_gen: 0 }, at)).toThrowError('cannot read llama-bench output: result 1 has no usable avg_ts');
  });

  it('falls back to the file name, then a placeholder, when the model type is missing', () => {
    expect(normaliseRecord({ ...base, model_filename: 'm.gguf' }, at).modelType).toBe('m.gguf');
    expect(normaliseRecord(base, at).modelType).toBe('unknown model');
  });
});
