import { describe, expect, it } from 'vitest';
import { parseBenchJson } from '../../../../../src-main/core/bench/parsers/json-parser';
import { parseBenchJsonl } from '../../../../../src-main/core/bench/parsers/jsonl-parser';
import { readBenchFixture } from '../bench-fixtures';

describe('parseBenchJsonl', () => {
  it('reads the reconstructed GPU grid exactly like its JSON twin', () => {
    const jsonl = parseBenchJsonl(readBenchFixture('v0.5.0/llama-bench-gpu-grid.jsonl'));
    expect(jsonl.warnings).toEqual([]);
    expect(jsonl.results).toEqual(parseBenchJson(readBenchFixture('v0.5.0/llama-bench-gpu-grid.json')).results);
  });

  it('reads a May 2025 build: backends text, n_depth, boolean flash_attn and use_mmap', () => {
    const results = parseBenchJsonl(readBenchFixture('legacy/llama-bench-2025-05-cuda.jsonl')).results;
    expect(results.map((r) => r.test)).toEqual([
      'pp512', 'tg128', 'pp512 @ d4096', 'tg128 @ d4096', 'pp512', 'tg128', 'pp512 @ d4096', 'tg128 @ d4096',
    ]);
    expect(results.map((r) => r.params.flash_attn)).toEqual(['off', 'off', 'off', 'off', 'on', 'on', 'on', 'on']);
    expect(results[0]).toMatchObject({ backends: 'CUDA', gpuInfo: 'NVIDIA GeForce RTX 3060', buildNumber: 5412, repetitions: 3 });
    expect(results[0]!.params.load_mode).toBe('mmap');
  });

  it('skips progress and log lines that share stderr with the results', () => {
    const lines = readBenchFixture('v0.5.0/llama-bench.jsonl').split('\n');
    const mixed = ['llama-bench: benchmark 1/16: starting', lines[0], 'llama-bench: benchmark 2/16: starting', lines[1]].join('\n');
    const parsed = parseBenchJsonl(mixed);
    expect(parsed.results.map((r) => r.test)).toEqual(['pp64', 'pp128']);
    expect(parsed.warnings).toEqual(['2 line(s) that are not results (logs, progress) were skipped']);
  });

  it('skips a last line cut off by a killed run, with a warning', () => {
    const lines = readBenchFixture('v0.5.0/llama-bench.jsonl').split('\n');
    const parsed = parseBenchJsonl(`${lines[0]}\n${lines[1]!.slice(0, 200)}`);
    expect(parsed.results).toHaveLength(1);
    expect(parsed.warnings).toEqual(['line 2 is cut off (run interrupted?) and was skipped']);
  });

  it('fails on a broken line in the middle, naming it', () => {
    const lines = readBenchFixture('v0.5.0/llama-bench.jsonl').split('\n');
    expect(() => parseBenchJsonl([lines[0], '{"broken": ', lines[1]].join('\n'))).toThrowError(
      /^cannot read llama-bench output: line 2 is not a JSON object: "\{\\"broken\\":"/,
    );
  });
});
