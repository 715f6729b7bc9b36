import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maxBenchImportPartChars } from '../../src-shared/contract/bench.contract';
import { BenchResult, BenchRunMeta } from '../../src-shared/schemas/bench-result';
import { benchImportCommand } from '../../src-main/cli/commands/bench-import';
import { benchFixtureDir, readBenchFixture } from '../unit/core/bench/bench-fixtures';
import { makeTempDir } from '../support/temp-dir';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

const fixture = (path: string) => join(benchFixtureDir, path);

describe('llmwb bench import', () => {
  let dataDir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir: dataDir, cleanup } = await makeTempDir('llmwb-bench-import-'));
  });
  afterEach(() => cleanup());

  it('stores each file as a run and prints each id on its own line, in time order', async () => {
    const files = ['v0.5.0/llama-bench.json', 'v0.5.0/llama-bench.md', 'legacy/llama-bench-2024-01-cuda.sql', 'pasted/issue-vulkan-vs-cpu.md'];
    const { out, err, io } = capture();
    expect(await benchImportCommand(files.map(fixture), io, { dataDir })).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(4);
    for (const id of out) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...out].sort()).toEqual(out);
    expect((await readdir(join(dataDir, 'bench'))).sort()).toEqual(out);
  });

  it('keeps the raw text, the normalised results and the meta of a run', async () => {
    const { out, io } = capture();
    await benchImportCommand([fixture('legacy/llama-bench-2025-05-cuda.jsonl'), '--label', 'RTX 3060, May build'], io, { dataDir });
    const dir = join(dataDir, 'bench', out[0]!);
    expect(await readFile(join(dir, 'raw.txt'), 'utf8')).toBe(readBenchFixture('legacy/llama-bench-2025-05-cuda.jsonl'));
    const results = z.array(BenchResult).parse(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
    expect(results).toHaveLength(8);
    expect(results[4]!.params.flash_attn).toBe('on');
    const meta = BenchRunMeta.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
    expect(meta).toMatchObject({ id: out[0], label: 'RTX 3060, May build', resultCount: 8, source: { format: 'jsonl' }, warnings: [] });
    expect(existsSync(join(dir, 'meta.json.tmp'))).toBe(false);
  });

  it('reports a file it cannot read, imports the others and exits 1', async () => {
    const { out, err, io } = capture();
    const code = await benchImportCommand(
      [fixture('v0.5.0/llama-bench-progress.stderr.txt'), fixture('v0.5.0/llama-bench.csv'), join(dataDir, 'missing.json')],
      io,
      { dataDir },
    );
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(err[0]).toBe(
      `llmwb bench import: ${fixture('v0.5.0/llama-bench-progress.stderr.txt')}: cannot read llama-bench output: ` +
        'first line "llama-bench: benchmark 1/16: starting" is --progress output (stderr), not results; import what llama-bench printed on stdout',
    );
    expect(err[1]).toMatch(/^hint: /);
    expect(err[2]).toBe(`llmwb bench import: ${join(dataDir, 'missing.json')}: no such file: ${join(dataDir, 'missing.json')}`);
    expect(await readdir(join(dataDir, 'bench'))).toEqual(out);
  });

  it('reads a pasted table from standard input with "-" and passes its warnings on', async () => {
    const { out, err, io } = capture();
    const pasted = readBenchFixture('pasted/issue-quoted-no-build.md');
    expect(await benchImportCommand(['-'], io, { dataDir, readStdin: async () => pasted })).toBe(0);
    const meta = BenchRunMeta.parse(JSON.parse(await readFile(join(dataDir, 'bench', out[0]!, 'meta.json'), 'utf8')));
    expect(meta).toMatchObject({ label: 'pasted', source: { name: '-', format: 'md' }, resultCount: 4 });
    expect(err).toEqual(['warning: -: no "build:" line: the llama.cpp build of these results is unknown']);
  });

  it('refuses output without a single finished test', async () => {
    const { out, err, io } = capture();
    expect(await benchImportCommand(['-'], io, { dataDir, readStdin: async () => '[\n' })).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toBe('llmwb bench import: -: cannot read llama-bench output: - holds no finished test');
  });

  it('sends a file longer than one call through the core in parts and stores it byte for byte', async () => {
    const longFile = join(dataDir, 'long.md');
    const logLine = 'llama_model_loader: - kv  12: general.name str = ünïcödé 𝄞 model\n';
    const text = logLine.repeat(Math.ceil((maxBenchImportPartChars * 1.5) / logLine.length)) + readBenchFixture('v0.5.0/llama-bench.md');
    await writeFile(longFile, text);
    const { out, err, io } = capture();
    expect(await benchImportCommand([longFile], io, { dataDir })).toBe(0);
    expect(err).toEqual([]);
    expect(await readFile(join(dataDir, 'bench', out[0]!, 'raw.txt'), 'utf8')).toBe(text);
  });

  it('exits 2 with the usage when there is nothing to import or the format is unknown', async () => {
    const none = capture();
    expect(await benchImportCommand([], none.io, { dataDir })).toBe(2);
    expect(none.err).toEqual(['llmwb bench import: give at least one file to import', expect.stringMatching(/^usage: llmwb bench import FILE/)]);
    const bad = capture();
    expect(await benchImportCommand(['x.json', '--format', 'xml'], bad.io, { dataDir })).toBe(2);
    expect(bad.err[0]).toBe('llmwb bench import: --format must be auto, json, jsonl, csv, sql or md, got "xml"');
    expect(existsSync(join(dataDir, 'bench'))).toBe(false);
  });
});
