import { describe, expect, it } from 'vitest';
import { compareBenchRuns } from '../../../../../src-main/core/bench/compare/compare-runs';
import { comparisonToMarkdown } from '../../../../../src-main/core/bench/compare/comparison-markdown';
import { parseBenchOutput } from '../../../../../src-main/core/bench/parsers/parse-bench-output';
import { readBenchFixture } from '../bench-fixtures';

const results = (path: string) => parseBenchOutput(readBenchFixture(path)).results;

describe('comparisonToMarkdown', () => {
  const markdown = comparisonToMarkdown(
    compareBenchRuns([
      { id: 'cpu', label: 'CPU build', results: results('pasted/issue-vulkan-vs-cpu.md').slice(0, 2) },
      { id: 'vk', label: 'Vulkan build', results: results('pasted/issue-vulkan-vs-cpu.md').slice(2) },
    ]),
  );
  const lines = markdown.split('\n');

  it('prints a header, a rule with right-aligned numbers and one row per result', () => {
    expect(lines[0]).toMatch(/^\| test +\| run +\| backend +\| +t\/s \| +n \| +Δ \| +p \| verdict +\|$/);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+ \| -+: \| -+: \| -+: \| -+: \| -+ \|$/);
    expect(lines[3]).toMatch(/^\| pp512 +\| Vulkan build \| Vulkan +\| +27\.18 ± 0\.33 \| +5\* \| +−13\.5 % \| +<0\.001 \| slower +\|$/);
    expect(lines.filter((line) => line.startsWith('| pp512') || line.startsWith('| tg128'))).toHaveLength(4);
  });

  it('marks the best row of each test in bold', () => {
    expect(lines[2]).toContain('**31.42 ± 0.57**');
    expect(lines[4]).toContain('**11.63 ± 0.21**');
  });

  it('states the test, alpha, the baseline and the assumed repetitions under the table', () => {
    expect(markdown).toContain("Verdict: Welch's two-sided t-test on per-repetition tok/s, α = 0.05");
    expect(markdown).toContain('Baseline: run "CPU build" (cpu).');
    expect(markdown).toContain("n*: the output printed no samples (markdown); 5 repetitions assumed (llama-bench's default -r).");
  });

  it('leaves out the run column and the n* note when they do not apply, and escapes pipes', () => {
    const grid = results('v0.5.0/llama-bench-gpu-grid.json').map((r) => ({ ...r, params: { ...r.params, tensor_buft_overrides: r.params.flash_attn === 'on' ? 'a|b=CPU' : 'none' } }));
    const text = comparisonToMarkdown(compareBenchRuns([{ id: 'g', label: 'grid', results: grid }]));
    expect(text.split('\n')[0]).not.toContain('| run');
    expect(text).not.toContain('n*:');
    expect(text).toContain('a\\|b=CPU');
  });
});
