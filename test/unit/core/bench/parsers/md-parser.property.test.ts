import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBenchMarkdown } from '../../../../../src-main/core/bench/parsers/md-parser';
import { formatModelSize, formatTestLabel } from '../../../../../src-main/core/bench/parsers/test-label';

const row = fc.record({
  model: fc.constantFrom('llama 8B Q4_K - Medium', 'qwen2 7B Q8_0', 'llama ?B F16'),
  sizeBytes: fc.integer({ min: 1 << 20, max: 2 ** 38 }),
  backend: fc.constantFrom('CPU', 'CUDA', 'Vulkan', 'Metal,BLAS'),
  threads: fc.integer({ min: 1, max: 64 }),
  fa: fc.constantFrom('0', '1'),
  shape: fc.record({ nPrompt: fc.nat(8192), nGen: fc.nat(1024), nDepth: fc.nat(65536) }).filter((s) => s.nPrompt + s.nGen > 0),
  mean: fc.double({ min: 0, max: 1e5, noNaN: true }),
  stddev: fc.double({ min: 0, max: 1e3, noNaN: true }),
});

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

/** A table the way llama-bench's md printer and users' pastes lay it out, padding chosen at random. */
function printTable(rows: Row[], layout: { pad: number; quote: boolean; blankRepeats: boolean }): string {
  const cell = (text: string) => ` ${text.padStart(text.length + layout.pad)} |`;
  const cellsOf = (r: Row) => [
    r.model, formatModelSize(r.sizeBytes), '1.00 B', r.backend, String(r.threads), r.fa, formatTestLabel(r.shape),
    `${r.mean.toFixed(2)} ± ${r.stddev.toFixed(2)}`,
  ];
  const lines = ['|' + ['model', 'size', 'params', 'backend', 'threads', 'fa', 'test', 't/s'].map(cell).join(''), '|' + ' --- |'.repeat(8)];
  let previous: string[] = [];
  for (const r of rows) {
    const cells = cellsOf(r);
    lines.push('|' + cells.map((c, i) => cell(layout.blankRepeats && previous[i] === c ? '' : c)).join(''));
    previous = cells;
  }
  lines.push('', 'build: 0123abc (42)');
  return lines.map((line) => (layout.quote ? `> ${line}` : line)).join('\n');
}

describe('parseBenchMarkdown (property)', () => {
  it('reads back any table llama-bench could print, padded, quoted or with repeated cells blank', () => {
    const layout = fc.record({ pad: fc.nat(12), quote: fc.boolean(), blankRepeats: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), layout, (rows, how) => {
        const { results } = parseBenchMarkdown(printTable(rows, how));
        expect(results.map((r) => [r.test, r.avgTs.toFixed(2), r.stddevTs.toFixed(2), r.params.n_threads, r.params.flash_attn, r.backends, r.buildNumber])).toEqual(
          rows.map((r) => [formatTestLabel(r.shape), r.mean.toFixed(2), r.stddev.toFixed(2), r.threads, r.fa === '1' ? 'on' : 'off', r.backend, 42]),
        );
        expect(results.map((r) => formatModelSize(r.modelSizeBytes!))).toEqual(rows.map((r) => formatModelSize(r.sizeBytes)));
      }),
      { numRuns: 300 },
    );
  });
});
