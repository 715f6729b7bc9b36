import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { benchCompareCommand } from '../../src-main/cli/commands/bench-compare';
import { benchImportCommand } from '../../src-main/cli/commands/bench-import';
import { benchFixtureDir } from '../unit/core/bench/bench-fixtures';
import { makeTempDir } from '../support/temp-dir';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('llmwb bench compare', () => {
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let ids: string[];

  beforeEach(async () => {
    ({ dir: dataDir, cleanup } = await makeTempDir('llmwb-bench-compare-'));
    const imported = capture();
    const files = ['pasted/issue-vulkan-vs-cpu.md', 'v0.5.0/llama-bench-gpu-grid.json'].map((path) => join(benchFixtureDir, path));
    await benchImportCommand([files[0]!, '--label', 'laptop'], imported.io, { dataDir });
    await benchImportCommand([files[1]!, '--label', 'RTX 4090'], imported.io, { dataDir });
    ids = imported.out;
  });
  afterEach(() => cleanup());

  it('prints the comparison table with the test and alpha stated under it', async () => {
    const { out, err, io } = capture();
    expect(await benchCompareCommand([ids[0]!, ids[1]!], io, { dataDir })).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^\| test +\| run +\| build +\| backend +\| model +\| threads +\| fa +\| +t\/s \| +n \| +Δ \| +p \| verdict +\|$/);
    const pp512 = out.filter((line) => line.startsWith('| pp512 ') && !line.includes('@ d'));
    expect(pp512).toHaveLength(4);
    expect(pp512[0]).toMatch(/\| laptop +\|.*\| baseline +\|$/);
    expect(pp512[3]).toMatch(/\| RTX 4090 +\|.*\*\*12611\.62 ± 17\.96\*\*.*\| faster +\|$/);
    expect(out).toContain("Verdict: Welch's two-sided t-test on per-repetition tok/s, α = 0.05 (p < 0.05: faster or slower; otherwise within noise). No correction for multiple comparisons.");
  });

  it('uses --baseline and --alpha, and writes the same table to --markdown', async () => {
    const { out, err, io } = capture();
    const target = join(dataDir, 'reports', 'bench.md');
    expect(await benchCompareCommand([ids[0]!, ids[1]!, '--baseline', ids[1]!, '--alpha', '0.01', '--markdown', target], io, { dataDir })).toBe(0);
    expect(await readFile(target, 'utf8')).toBe(`${out.join('\n')}\n`);
    expect(err).toEqual([`comparison written to ${target}`]);
    expect(out.join('\n')).toContain(`Baseline: run "RTX 4090" (${ids[1]})`);
    expect(out.join('\n')).toContain('α = 0.01');
  });

  it('exits 1 for a run that does not exist and 2 for bad arguments', async () => {
    const missing = capture();
    expect(await benchCompareCommand([ids[0]!, 'b0000000000nothere'], missing.io, { dataDir })).toBe(1);
    expect(missing.err).toEqual(['llmwb bench compare: no bench run "b0000000000nothere"', 'hint: llmwb bench import FILE prints the id of each run it stores']);
    const traversal = capture();
    expect(await benchCompareCommand(['../../etc'], traversal.io, { dataDir })).toBe(2);
    expect(traversal.err[0]).toBe('llmwb bench compare: "../../etc" is not a bench run id (letters, digits, _ and - only)');
    const badAlpha = capture();
    expect(await benchCompareCommand([ids[0]!, '--alpha', '5'], badAlpha.io, { dataDir })).toBe(2);
    expect(badAlpha.err[0]).toBe('llmwb bench compare: --alpha must be a number between 0 and 1, got "5"');
    const notCompared = capture();
    expect(await benchCompareCommand([ids[0]!, '--baseline', ids[1]!], notCompared.io, { dataDir })).toBe(2);
    expect(notCompared.err[0]).toBe(`llmwb bench compare: baseline "${ids[1]}" is not one of the compared runs (${ids[0]})`);
    const none = capture();
    expect(await benchCompareCommand([], none.io, { dataDir })).toBe(2);
  });
});
