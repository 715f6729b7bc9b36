import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-shared/errors';
import { detectBenchFormat } from '../../../../../src-main/core/bench/parsers/detect-format';
import { parseBenchOutput } from '../../../../../src-main/core/bench/parsers/parse-bench-output';
import { allBenchFixtures, readBenchFixture } from '../bench-fixtures';

// Every fixture, the format it must be detected as, and how many results it holds.
const expected: Record<string, [string, number]> = {
  'v0.5.0/llama-bench.json': ['json', 16],
  'v0.5.0/llama-bench.jsonl': ['jsonl', 16],
  'v0.5.0/llama-bench.csv': ['csv', 16],
  'v0.5.0/llama-bench.sql': ['sql', 16],
  'v0.5.0/llama-bench.md': ['md', 16],
  'v0.5.0/llama-bench-gpu-grid.json': ['json', 8],
  'v0.5.0/llama-bench-gpu-grid.jsonl': ['jsonl', 8],
  'v0.5.0/llama-bench-gpu-grid.md': ['md', 8],
  'v0.5.0-captured/30-llama-bench.csv': ['csv', 4],
  'v0.5.0-captured/30-llama-bench.json': ['json', 4],
  'v0.5.0-captured/30-llama-bench.jsonl': ['jsonl', 4],
  'v0.5.0-captured/30-llama-bench.md': ['md', 4],
  'v0.5.0-captured/31-llama-bench-random13M.json': ['json', 4],
  'v0.5.0-captured/31-llama-bench-random13M.jsonl': ['jsonl', 4],
  'v0.5.0-captured/31-llama-bench-random13M.md': ['md', 4],
  'v0.5.0-captured/32-llama-bench-random13M-sweep.md': ['md', 24],
  'legacy/llama-bench-2024-01-cuda.json': ['json', 2],
  'legacy/llama-bench-2024-01-cuda.md': ['md', 2],
  'legacy/llama-bench-2024-01-cuda.sql': ['sql', 2],
  'legacy/llama-bench-2024-08-cpu.json': ['json', 8],
  'legacy/llama-bench-2024-08-cpu.csv': ['csv', 8],
  'legacy/llama-bench-2024-08-cpu.md': ['md', 8],
  'legacy/llama-bench-2025-05-cuda.jsonl': ['jsonl', 8],
  'legacy/llama-bench-2025-05-cuda.md': ['md', 8],
  'legacy/llama-bench-2025-05-cuda.sql': ['sql', 8],
  'pasted/issue-vulkan-vs-cpu.md': ['md', 4],
  'pasted/issue-quoted-no-build.md': ['md', 4],
  'pasted/issue-rocm-2024.md': ['md', 4],
};

describe('parseBenchOutput', () => {
  it('knows every llama-bench output fixture', () => {
    const resultFixtures = allBenchFixtures().filter((path) => !path.endsWith('.txt') && !path.endsWith('README.md'));
    expect(resultFixtures.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [path, [format, count]] of Object.entries(expected)) {
    it(`detects ${path} as ${format} and reads its ${count} results`, () => {
      const text = readBenchFixture(path);
      expect(detectBenchFormat(text)).toEqual({ format });
      const parsed = parseBenchOutput(text);
      expect(parsed.format).toBe(format);
      expect(parsed.results).toHaveLength(count);
      for (const result of parsed.results) {
        expect(result.avgTs).toBeGreaterThan(0);
        expect(result.test).toMatch(/^(pp\d+|tg\d+|pp\d+\+tg\d+)( @ d\d+)?$/);
      }
    });
  }

  it('refuses --progress output with a message that says what it is', () => {
    const text = readBenchFixture('v0.5.0/llama-bench-progress.stderr.txt');
    expect(() => parseBenchOutput(text)).toThrowError(
      'cannot read llama-bench output: first line "llama-bench: benchmark 1/16: starting" is --progress output (stderr), not results',
    );
  });

  it('names the first line of text it cannot read', () => {
    const attempt = () => parseBenchOutput('\n\nHello there\nnot a bench\n');
    expect(attempt).toThrowError(AppError);
    expect(attempt).toThrowError('cannot read llama-bench output: first line "Hello there" is not JSON, JSON Lines, CSV, SQL or a llama-bench markdown table');
  });

  it('says so when the input is empty', () => {
    expect(() => parseBenchOutput('  \n')).toThrowError('cannot read llama-bench output: the input is empty');
  });

  it('cuts a very long first line in its message', () => {
    try {
      parseBenchOutput('x'.repeat(500));
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('parse_error');
      expect((error as AppError).message.length).toBeLessThan(200);
    }
  });

  it('reads a format it is told to, and fails clearly when the text is not that format', () => {
    const csv = readBenchFixture('v0.5.0/llama-bench.csv');
    expect(parseBenchOutput(csv, { format: 'csv' }).results).toHaveLength(16);
    expect(() => parseBenchOutput(csv, { format: 'md' })).toThrowError(/^cannot read llama-bench output: no llama-bench table found/);
  });

  it('treats a run killed before its first result as empty, with a warning', () => {
    const parsed = parseBenchOutput('[\n');
    expect(parsed.results).toEqual([]);
    expect(parsed.warnings).not.toEqual([]);
  });

  it('reads the same numbers from the json and jsonl of one run', () => {
    const json = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench.json')).results;
    const jsonl = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench.jsonl')).results;
    expect(jsonl).toEqual(json);
  });

  it('reads the same results from the csv and the sql of one run', () => {
    const csv = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench.csv')).results;
    const sql = parseBenchOutput(readBenchFixture('v0.5.0/llama-bench.sql')).results;
    expect(sql).toEqual(csv);
  });
});
