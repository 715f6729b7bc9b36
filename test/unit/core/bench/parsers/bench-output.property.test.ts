import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-shared/errors';
import { parseBenchOutput } from '../../../../../src-main/core/bench/parsers/parse-bench-output';
import { allBenchFixtures, readBenchFixture } from '../bench-fixtures';

/** One generated result: fields in print order, each already printed as a JSON value. */
type PrintedRecord = { fields: Array<[string, string]>; samplesNs: string[]; samplesTs: string[] };

const text = fc.string({ unit: 'binary', maxLength: 24 }).map((s) => JSON.stringify(s));
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
// llama-bench prints avg_ts with %f and samples with 6 significant digits.
const rate = fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => v.toFixed(6));

const optionalFields: Array<[string, fc.Arbitrary<string>]> = [
  ['build_commit', text], ['build_number', int(0, 99999)], ['cuda', fc.boolean().map(String)], ['backends', text],
  ['cpu_info', text], ['gpu_info', text], ['model_filename', text], ['model_type', text],
  ['model_size', int(0, 2 ** 40)], ['model_n_params', int(0, 2 ** 40)], ['n_batch', int(1, 8192)],
  ['n_ubatch', int(1, 8192)], ['n_threads', int(1, 256)], ['type_k', text], ['n_gpu_layers', int(-1, 999)],
  ['flash_attn', fc.oneof(fc.boolean().map(String), int(-1, 1))], ['use_mmap', fc.boolean().map(String)],
  ['load_mode', text], ['no_kv_offload', fc.boolean().map(String)], ['n_depth', int(0, 65536)],
  ['test_time', text], ['avg_ns', int(0, 2 ** 40)], ['stddev_ns', int(0, 2 ** 30)], ['stddev_ts', rate],
  ['some_future_field', fc.oneof(text, int(-5, 5))],
];

const record: fc.Arbitrary<PrintedRecord> = fc
  .record({
    present: fc.subarray(optionalFields.map(([name]) => name)),
    values: fc.record(Object.fromEntries(optionalFields)),
    nPrompt: int(0, 4096),
    nGen: int(0, 4096),
    avgTs: rate,
    samples: fc.array(fc.tuple(fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 1e-3, max: 1e6, noNaN: true })), { maxLength: 6 }),
  })
  .map(({ present, values, nPrompt, nGen, avgTs, samples }) => ({
    fields: [
      ...present.map((name): [string, string] => [name, values[name]!]),
      ['n_prompt', nPrompt] as [string, string],
      ['n_gen', nGen] as [string, string],
      ['avg_ts', avgTs] as [string, string],
    ],
    samplesNs: samples.map(([ns]) => String(ns)),
    samplesTs: samples.map(([, ts]) => String(Number(ts.toPrecision(6)))),
  }));

// The two printers of llama-bench v0.5.0 (tools/llama-bench: jsonl_printer, json_printer).
function printJsonl(records: PrintedRecord[], newline: string): string {
  return records
    .map((r) => `{${r.fields.map(([k, v]) => `"${k}": ${v}, `).join('')}"samples_ns": [ ${r.samplesNs.join(', ')} ],"samples_ts": [ ${r.samplesTs.join(', ')} ]}`)
    .join(newline) + newline;
}

function printJsonArray(records: PrintedRecord[]): string {
  const objects = records.map(
    (r) =>
      `  {\n${r.fields.map(([k, v]) => `    "${k}": ${v},\n`).join('')}` +
      `    "samples_ns": [ ${r.samplesNs.join(', ')} ],\n    "samples_ts": [ ${r.samplesTs.join(', ')} ]\n  }`,
  );
  return `[\n${objects.join(',\n')}\n]\n`;
}

describe('llama-bench output parsing (properties)', () => {
  it('reads any well-formed JSON Lines stream the same as the same results written as one JSON array', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (records, newline) => {
        const fromLines = parseBenchOutput(printJsonl(records, newline));
        const fromArray = parseBenchOutput(printJsonArray(records));
        expect(fromLines.format).toBe('jsonl');
        expect(fromArray.format).toBe('json');
        expect(fromLines.results).toHaveLength(records.length);
        expect(fromLines.results).toEqual(fromArray.results);
      }),
      { numRuns: 300 },
    );
  });

  it('reads compact JSON Lines the same as a pretty-printed JSON array (jq style)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (records) => {
        const objects = records.map((r) => JSON.parse(printJsonl([r], '\n')) as unknown);
        const lines = objects.map((o) => JSON.stringify(o)).join('\n');
        expect(parseBenchOutput(lines).results).toEqual(parseBenchOutput(JSON.stringify(objects, null, 2)).results);
      }),
      { numRuns: 100 },
    );
  });

  it('never crashes on arbitrary text: it reads it or throws a parse_error AppError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => expectReadOrParseError(input)),
      { numRuns: 500 },
    );
  });

  it('never crashes on damaged fixtures: cut anywhere, lines dropped or shuffled', () => {
    const fixtures = allBenchFixtures().map(readBenchFixture);
    const damaged = fc
      .record({ index: fc.nat(fixtures.length - 1), cut: fc.double({ min: 0, max: 1, noNaN: true }), drop: fc.array(fc.nat(40), { maxLength: 5 }), seed: fc.nat() })
      .map(({ index, cut, drop, seed }) => {
        const source = fixtures[index]!;
        const lines = source.slice(0, Math.floor(source.length * cut)).split('\n').filter((_, i) => !drop.includes(i));
        if (seed % 3 === 0) lines.reverse();
        return lines.join('\n');
      });
    fc.assert(fc.property(damaged, (input) => expectReadOrParseError(input)), { numRuns: 500 });
  });
});

function expectReadOrParseError(input: string): void {
  try {
    const parsed = parseBenchOutput(input);
    expect(Array.isArray(parsed.results)).toBe(true);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('parse_error');
    expect((error as AppError).message).toMatch(/^cannot read llama-bench output: /);
  }
}
