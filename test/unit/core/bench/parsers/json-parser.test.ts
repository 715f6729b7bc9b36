import { describe, expect, it } from 'vitest';
import { parseBenchJson } from '../../../../../src-main/core/bench/parsers/json-parser';
import { readBenchFixture } from '../bench-fixtures';

describe('parseBenchJson', () => {
  it('reads a v0.5.0 result with every field normalised', () => {
    const [first] = parseBenchJson(readBenchFixture('v0.5.0/llama-bench.json')).results;
    expect(first).toMatchObject({
      buildCommit: 'de3ff81',
      buildNumber: 1,
      backends: 'CPU',
      cpuInfo: 'AMD EPYC',
      gpuInfo: '',
      modelType: 'llama ?B F16',
      modelFilename: '../model/tiny-llama-f16.gguf',
      modelSizeBytes: 38020096,
      modelParamCount: 19007744,
      nPrompt: 64,
      nGen: 0,
      nDepth: 0,
      test: 'pp64',
      avgTs: 10251.875085,
      stddevTs: 84.317172,
      samplesTs: [10346, 10226.2, 10183.4],
      avgNs: 6243041,
      stddevNs: 51172,
      samplesNs: [6185942, 6258421, 6284760],
      repetitions: 3,
      testTime: '2026-11-22T17:13:57Z',
      extra: {},
    });
    expect(first!.params).toMatchObject({
      n_threads: 1, n_batch: 2048, n_ubatch: 512, n_gpu_layers: -1, flash_attn: 'auto',
      type_k: 'f16', type_v: 'f16', load_mode: 'auto', lazy_mode: 'auto', no_kv_offload: false,
      cpu_strict: false, no_op_offload: 0, fit_target: 0,
    });
  });

  it('labels combined and depth tests the way llama-bench does', () => {
    const tests = parseBenchJson(readBenchFixture('v0.5.0/llama-bench.json')).results.map((r) => r.test);
    expect(tests.slice(0, 8)).toEqual(['pp64', 'pp128', 'tg32', 'pp64+tg16', 'pp64 @ d128', 'pp128 @ d128', 'tg32 @ d128', 'pp64+tg16 @ d128']);
  });

  it('reads the integer flash_attn of 2025+ builds as off/on', () => {
    const fa = parseBenchJson(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results.map((r) => r.params.flash_attn);
    expect(fa).toEqual(['off', 'off', 'off', 'off', 'on', 'on', 'on', 'on']);
  });

  it('reads a January 2024 build: backend booleans, no flash_attn, no load mode, mul_mat_q', () => {
    const [first] = parseBenchJson(readBenchFixture('legacy/llama-bench-2024-01-cuda.json')).results;
    expect(first!.backends).toBe('CUDA');
    expect(first!.params.flash_attn).toBeUndefined();
    expect(first!.params.load_mode).toBeUndefined();
    expect(first!.params.mul_mat_q).toBe(true);
    expect(first!.params).not.toHaveProperty('cuda');
    expect(first!.nDepth).toBe(0);
    expect(first!.test).toBe('pp512');
  });

  it('reads a mid-2024 build: boolean flash_attn, use_mmap as load_mode, rpc printed as text', () => {
    const results = parseBenchJson(readBenchFixture('legacy/llama-bench-2024-08-cpu.json')).results;
    expect(results.map((r) => r.params.flash_attn)).toEqual(['off', 'off', 'off', 'off', 'on', 'on', 'on', 'on']);
    expect(results[0]!.params.load_mode).toBe('mmap');
    expect(results[0]!.params).not.toHaveProperty('use_mmap');
    expect(results[0]!.params).not.toHaveProperty('rpc');
    expect(results[0]!.backends).toBe('CPU');
    expect(results.map((r) => r.params.n_threads)).toEqual([4, 4, 8, 8, 4, 4, 8, 8]);
  });

  it('reads every complete result of a run that was killed mid-array', () => {
    const text = readBenchFixture('v0.5.0/llama-bench.json');
    const cut = text.slice(0, text.indexOf('"n_prompt": 64,\n    "n_gen": 0,\n    "n_depth": 128'));
    const parsed = parseBenchJson(cut);
    expect(parsed.results).toHaveLength(4);
    expect(parsed.warnings.join()).toMatch(/ends mid-result/);
  });

  it('reads a single object, as jq may leave it', () => {
    const one = JSON.stringify(JSON.parse(readBenchFixture('v0.5.0/llama-bench.json'))[2]);
    expect(parseBenchJson(one).results.map((r) => r.test)).toEqual(['tg32']);
  });

  it('names the result that lacks a required field', () => {
    expect(() => parseBenchJson('[{"n_prompt": 512, "n_gen": 0}, {"n_gen": 1}]')).toThrowError(
      'cannot read llama-bench output: result 1 has no usable avg_ts',
    );
    expect(() => parseBenchJson('[{"n_gen": 1, "avg_ts": 2}]')).toThrowError('cannot read llama-bench output: result 1 has no n_prompt');
    expect(() => parseBenchJson('[1, 2]')).toThrowError('cannot read llama-bench output: result 1 is not a JSON object');
  });

  it('keeps fields it does not know as opaque extras, not parameters', () => {
    const [result] = parseBenchJson('[{"n_prompt": 1, "n_gen": 0, "avg_ts": 5, "stddev_ts": 1, "avg_e2e_ts": 9, "spec": {"a": 1}}]').results;
    expect(result!.extra).toEqual({ avg_e2e_ts: 9, spec: '{"a":1}' });
    expect(result!.params).toEqual({});
  });
});
