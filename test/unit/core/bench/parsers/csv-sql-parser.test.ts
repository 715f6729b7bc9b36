import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../../../src-shared/schemas/bench-result';
import { parseBenchCsv, splitCsvRows } from '../../../../../src-main/core/bench/parsers/csv-parser';
import { parseBenchJson } from '../../../../../src-main/core/bench/parsers/json-parser';
import { parseBenchJsonl } from '../../../../../src-main/core/bench/parsers/jsonl-parser';
import { parseBenchSql, splitSqlValues } from '../../../../../src-main/core/bench/parsers/sql-parser';
import { readBenchFixture } from '../bench-fixtures';

// CSV and SQL print no samples; everything else of the same run must read the same.
function withoutSamples(result: BenchResult): BenchResult {
  const { samplesTs: _ts, samplesNs: _ns, ...rest } = result;
  return { ...rest, repetitions: null };
}

describe('parseBenchCsv', () => {
  it('types the all-quoted v0.5.0 values: ints, booleans, flash_attn -1 as auto', () => {
    const [first] = parseBenchCsv(readBenchFixture('v0.5.0/llama-bench.csv')).results;
    expect(first).toMatchObject({ buildNumber: 1, modelSizeBytes: 38020096, avgTs: 8559.659341, stddevTs: 248.536303, repetitions: null });
    expect(first!.samplesTs).toBeUndefined();
    expect(first!.params).toMatchObject({ n_threads: 1, flash_attn: 'auto', no_kv_offload: false, cpu_strict: false, load_mode: 'auto' });
  });

  it('reads a mid-2024 CSV the same as the JSON of that run, samples aside', () => {
    const csv = parseBenchCsv(readBenchFixture('legacy/llama-bench-2024-08-cpu.csv')).results;
    const json = parseBenchJson(readBenchFixture('legacy/llama-bench-2024-08-cpu.json')).results;
    expect(csv).toEqual(json.map(withoutSamples));
  });

  it('splits quoted cells holding commas, quotes and line breaks', () => {
    expect(splitCsvRows('a,b\r\n"x,1","say ""hi""\nthere"\n').map((row) => row.cells)).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"\nthere'],
    ]);
  });

  it('skips a header repeated by concatenated runs and rejects a short row', () => {
    const text = readBenchFixture('v0.5.0-captured/30-llama-bench.csv');
    const [header, row] = text.split('\n');
    expect(parseBenchCsv([header, row, header, row].join('\n')).results).toHaveLength(2);
    expect(() => parseBenchCsv([header, '"a","b"'].join('\n'))).toThrowError(/^cannot read llama-bench output: line 2 has 2 values, the header has 41$/);
  });
});

describe('parseBenchSql', () => {
  it('reads the 2024 `test` table the same as the JSON of that run, samples aside', () => {
    const sql = parseBenchSql(readBenchFixture('legacy/llama-bench-2024-01-cuda.sql')).results;
    const json = parseBenchJson(readBenchFixture('legacy/llama-bench-2024-01-cuda.json')).results;
    expect(sql).toEqual(json.map(withoutSamples));
  });

  it('reads the May 2025 SQL the same as its JSON Lines, samples aside', () => {
    const sql = parseBenchSql(readBenchFixture('legacy/llama-bench-2025-05-cuda.sql')).results;
    const jsonl = parseBenchJsonl(readBenchFixture('legacy/llama-bench-2025-05-cuda.jsonl')).results;
    expect(sql).toEqual(jsonl.map(withoutSamples));
  });

  it("splits values with SQL's '' escape, NULL, and llama-bench's unescaped quotes", () => {
    expect(splitSqlValues("'a', 'it''s', NULL, 42, 'O'Brien.gguf', ''")).toEqual(['a', "it's", null, '42', "O'Brien.gguf", '']);
  });

  it('names an INSERT it cannot read', () => {
    expect(() => parseBenchSql("INSERT INTO test (a, b) VALUES ('1'")).toThrowError(/^cannot read llama-bench output: line 1 is not a complete INSERT/);
    expect(() => parseBenchSql("INSERT INTO test (a, b) VALUES ('1');")).toThrowError('cannot read llama-bench output: line 1 has 1 values for 2 columns');
  });
});
