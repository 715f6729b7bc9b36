import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llamaFlagCatalog } from '../../../../src-shared/llama/flag-catalog';
import type { LlamaArgsResult } from '../../../../src-shared/llama/flag-types';
import { parseLlamaArgs } from '../../../../src-shared/llama/parse-llama-args';

function valuesOf(result: LlamaArgsResult): Readonly<Record<string, unknown>> {
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.values;
}

describe('parseLlamaArgs', () => {
  it('reads multi-letter short forms, long forms and --name=value', () => {
    const values = valuesOf(parseLlamaArgs(['-np', '8', '-ub', '256', '--batch-size', '1024', '-tb', '2', '--ctx-size=8192']));
    expect(values).toMatchObject({ parallel: 8, ubatchSize: 256, batchSize: 1024, threadsBatch: 2, ctxSize: 8192 });
  });

  it('lets the last occurrence win, as llama.cpp does', () => {
    expect(valuesOf(parseLlamaArgs(['-t', '2', '--threads', '6'])).threads).toBe(6);
  });

  it('switches toggles on and off by their spellings', () => {
    const values = valuesOf(parseLlamaArgs(['-nocb', '--no-cache-prompt', '--metrics', '-kvu', '--no-slots']));
    expect(values).toMatchObject({ contBatching: false, cachePrompt: false, metrics: true, kvUnified: true, slots: false });
  });

  it('reads typed values: enum aliases, int keywords, negative numbers and lists', () => {
    const values = valuesOf(parseLlamaArgs(['-fa', '1', '-ngl', 'all', '-t', '-1', '--host', '127.0.0.1,::1', '-a', 'a,b']));
    expect(values).toMatchObject({ flashAttn: 'on', gpuLayers: -2, threads: -1, host: ['127.0.0.1', '::1'], alias: ['a', 'b'] });
  });

  it('reads LLAMA_ARG_* variables and lets the command line win over them', () => {
    const env = { LLAMA_ARG_N_PARALLEL: '6', LLAMA_ARG_THREADS: '3', LLAMA_ARG_CONT_BATCHING: 'disabled', LLAMA_API_KEY: 'k1,k2' };
    const result = parseLlamaArgs(['-t', '5'], { env });
    expect(valuesOf(result)).toMatchObject({ parallel: 6, threads: 5, contBatching: false, apiKey: ['k1', 'k2'] });
    expect(result.ok && result.sources).toMatchObject({ parallel: 'env', threads: 'argv' });
  });

  it('returns every problem at once: unknown flag, missing value, out of range, bad value, stray word', () => {
    const result = parseLlamaArgs(['--frobnicate', '3', '-np', '0', '-b', 'big', '-ctk', 'q3_k', 'stray', '--port', '70000', '-c']);
    expect(result.ok).toBe(false);
    const kinds = result.ok ? [] : result.problems.map((problem) => `${problem.kind} ${problem.flag}`);
    expect(kinds).toEqual([
      'unknown_flag --frobnicate',
      'out_of_range -np',
      'invalid_value -b',
      'invalid_value -ctk',
      'unexpected_argument stray',
      'out_of_range --port',
      'missing_value -c',
    ]);
  });

  it('reports a bare -fa swallowing the next flag, as llama.cpp v0.5.0 fails on it', () => {
    const result = parseLlamaArgs(['-fa', '--port', '8081']);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((problem) => problem.message);
    expect(messages[0]).toMatch(/-fa: unknown value '--port'.*missing/);
  });

  it('names the replacement of flags v0.5.0 removed', () => {
    const result = parseLlamaArgs(['--no-mmap', '--draft-max', '4']);
    const messages = result.ok ? [] : result.problems.map((problem) => `${problem.kind}: ${problem.message}`);
    expect(messages).toEqual([
      'removed_flag: --no-mmap: removed in v0.5.0 (ggml-org/llama.cpp#20834): use -lm none',
      'removed_flag: --draft-max: the argument has been removed. use --spec-draft-n-max or --spec-ngram-mod-n-max',
    ]);
  });

  it('names the environment variable when its value is wrong', () => {
    const result = parseLlamaArgs([], { env: { LLAMA_ARG_UBATCH: 'lots' } });
    expect(result.ok ? [] : result.problems.map((problem) => problem.flag)).toEqual(['LLAMA_ARG_UBATCH']);
  });

  it('accepts the deprecated -dt with llama.cpp warning and no value', () => {
    const result = parseLlamaArgs(['-dt', '0.1']);
    expect(result.ok && result.warnings).toEqual(['DEPRECATED: --defrag-thold is deprecated and no longer necessary to specify']);
  });

  it('reads back any in-range integer settings written as a command line', () => {
    const intFlags = llamaFlagCatalog.filter((flag) => flag.type === 'int' && flag.keywords === undefined);
    const assignment = fc.array(
      fc.constantFrom(...intFlags).chain((flag) =>
        fc
          .integer({ min: flag.min ?? -1_000_000, max: flag.max ?? 1_000_000 })
          .filter((value) => !(flag.invalidValues ?? []).includes(value))
          .map((value) => ({ flag, value, spelling: flag.names[flag.names.length - 1] ?? '' })),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(assignment, (pairs) => {
        const argv = pairs.flatMap(({ spelling, value }) => [spelling, String(value)]);
        const expected: Record<string, number> = {};
        for (const { flag, value } of pairs) expected[flag.key] = value;
        expect(valuesOf(parseLlamaArgs(argv))).toEqual(expected);
      }),
    );
  });

  it('never throws on arbitrary words, and fails only with at least one problem', () => {
    const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-np', '-ub', '-fa', '--port', '-t', '--metrics', '-nocb', '-1', '8'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), (argv) => {
        const result = parseLlamaArgs(argv);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
  });
});
