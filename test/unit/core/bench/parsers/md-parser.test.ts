import { describe, expect, it } from 'vitest';
import { parseBenchJson } from '../../../../../src-main/core/bench/parsers/json-parser';
import { parseBenchMarkdown } from '../../../../../src-main/core/bench/parsers/md-parser';
import { readBenchFixture } from '../bench-fixtures';

describe('parseBenchMarkdown', () => {
  it('reads the v0.5.0 table, including the rows whose long labels break the alignment', () => {
    const { results, warnings } = parseBenchMarkdown(readBenchFixture('v0.5.0/llama-bench.md'));
    expect(warnings).toEqual([]);
    expect(results[7]).toMatchObject({
      test: 'pp64+tg16 @ d128', nPrompt: 64, nGen: 16, nDepth: 128, avgTs: 3095.15, stddevTs: 68.09,
      modelType: 'llama ?B F16', backends: 'CPU', buildCommit: 'de3ff81', buildNumber: 1, repetitions: null,
    });
    expect(results[15]).toMatchObject({ test: 'pp64+tg16 @ d128', avgTs: 3962, stddevTs: 299.68, params: { n_threads: 2 } });
  });

  it('reads size and parameter count as printed, so they format back the same', () => {
    const [first] = parseBenchMarkdown(readBenchFixture('v0.5.0/llama-bench-gpu-grid.md')).results;
    expect(first).toMatchObject({ modelSizeBytes: Math.round(4.58 * 1024 ** 3), modelParamCount: 8.03e9, params: { n_gpu_layers: 99, flash_attn: 'off' } });
  });

  it('matches the JSON of the same run to the two decimals markdown prints', () => {
    const md = parseBenchMarkdown(readBenchFixture('v0.5.0/llama-bench-gpu-grid.md')).results;
    const json = parseBenchJson(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results;
    expect(md.map((r) => [r.test, r.avgTs.toFixed(2), r.params.flash_attn])).toEqual(
      json.map((r) => [r.test, r.avgTs.toFixed(2), r.params.flash_attn]),
    );
  });

  it('maps the sweep columns n_ubatch and fa to parameters', () => {
    const results = parseBenchMarkdown(readBenchFixture('v0.5.0-captured/32-llama-bench-random13M-sweep.md')).results;
    expect(results[23]).toMatchObject({ test: 'tg16', avgTs: 984.21, params: { n_threads: 2, n_ubatch: 256, flash_attn: 'on' } });
  });

  it('reads the January 2024 "pp 512" labels', () => {
    const results = parseBenchMarkdown(readBenchFixture('legacy/llama-bench-2024-01-cuda.md')).results;
    expect(results.map((r) => [r.test, r.nPrompt, r.nGen])).toEqual([['pp512', 512, 0], ['tg128', 0, 128]]);
    expect(results[0]).toMatchObject({ backends: 'CUDA', buildCommit: 'a7c3e1f9', buildNumber: 1952, params: { n_gpu_layers: 99 } });
  });

  it('fills cells the 2025 printer left blank because they repeat the row above', () => {
    const results = parseBenchMarkdown(readBenchFixture('legacy/llama-bench-2025-05-cuda.md')).results;
    expect(results.every((r) => r.modelType === 'qwen2 7B Q4_K - Medium' && r.backends === 'CUDA' && r.params.n_gpu_layers === 99)).toBe(true);
    expect(results.map((r) => r.params.flash_attn)).toEqual(['off', 'off', 'off', 'off', 'on', 'on', 'on', 'on']);
    expect(results[3]).toMatchObject({ test: 'tg128 @ d4096', nDepth: 4096 });
  });

  it('reads two pasted tables with prose, fences and a log line inside, each with its own build', () => {
    const results = parseBenchMarkdown(readBenchFixture('pasted/issue-vulkan-vs-cpu.md')).results;
    expect(results.map((r) => [r.test, r.backends, r.avgTs, r.buildCommit, r.buildNumber])).toEqual([
      ['pp512', 'CPU', 31.42, '9b0c2a1e', 4712],
      ['tg128', 'CPU', 11.63, '9b0c2a1e', 4712],
      ['pp512', 'Vulkan', 27.18, '9b0c2a1e', 4712],
      ['tg128', 'Vulkan', 5.61, '9b0c2a1e', 4712],
    ]);
    expect(results[0]!.params).toEqual({ n_threads: 8 });
    expect(results[2]!.params).toEqual({ n_gpu_layers: 99 });
  });

  it('reads a quoted, unpadded table without a build line and says the build is unknown', () => {
    const { results, warnings } = parseBenchMarkdown(readBenchFixture('pasted/issue-quoted-no-build.md'));
    expect(results.map((r) => [r.test, r.params.flash_attn, r.avgTs])).toEqual([
      ['pp512', 'off', 602.37], ['tg128', 'off', 41.88], ['pp512', 'on', 618.9], ['tg128', 'on', 42.61],
    ]);
    expect(results[0]).toMatchObject({ buildCommit: null, buildNumber: null, backends: 'Metal,BLAS' });
    expect(warnings).toEqual(['no "build:" line: the llama.cpp build of these results is unknown']);
  });

  it('reads a 2024 ROCm paste with an sm column and -ngl 999', () => {
    const results = parseBenchMarkdown(readBenchFixture('pasted/issue-rocm-2024.md')).results;
    expect(results.map((r) => r.params.split_mode)).toEqual(['layer', 'layer', 'row', 'row']);
    expect(results[0]).toMatchObject({ backends: 'ROCm', params: { n_gpu_layers: 999 }, modelSizeBytes: Math.round(39.59 * 1024 ** 3) });
  });

  it('joins a tensor override pattern that holds "|" back into its ot cell', () => {
    const text = [
      '| model | size | params | backend | ngl | ot | test | t/s |',
      '| --- | ---: | ---: | --- | --: | --- | ---: | ---: |',
      '| llama 8B Q4_0 | 4.33 GiB | 8.03 B | CUDA | 99 | blk\\.(1|2)\\.ffn=CPU | tg128 | 50.00 ± 1.00 |',
    ].join('\n');
    const [result] = parseBenchMarkdown(text).results;
    expect(result!.params.tensor_buft_overrides).toBe('blk\\.(1|2)\\.ffn=CPU');
  });

  it('keeps columns it does not know as parameters, typed when numeric', () => {
    const text = '| model | backend | n_seq | mode | test | t/s |\n|-|-|-|-|-|-|\n| m | CPU | 4 | fast | pp8 | 1.00 ± 0.10 |';
    expect(parseBenchMarkdown(text).results[0]!.params).toEqual({ n_seq: 4, mode: 'fast' });
  });

  it('skips rows it cannot read, saying why', () => {
    const text = '| model | test | t/s |\n|---|---|---|\n| m | pp8 | 1.00 |\n| m | warmup | 1.00 ± 0.10 |\n| m | tg8 | 2.00 ± 0.10 |\n| too | many | cells | here |';
    const { results, warnings } = parseBenchMarkdown(text);
    expect(results.map((r) => r.test)).toEqual(['tg8']);
    expect(warnings).toEqual([
      'line 3 skipped: t/s "1.00" is not "mean ± stddev"',
      'line 4 skipped: test "warmup" is not a llama-bench test label',
      'line 6 skipped: 4 cells, the header has 3',
      'no "build:" line: the llama.cpp build of these results is unknown',
    ]);
  });

  it('fails clearly on a markdown table that is not llama-bench output', () => {
    expect(() => parseBenchMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toThrowError(
      'cannot read llama-bench output: no llama-bench table found (a markdown header with "test" and "t/s" columns)',
    );
  });
});
