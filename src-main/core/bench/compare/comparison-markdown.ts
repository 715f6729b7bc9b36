import type { BenchComparison, BenchComparisonRow } from '../../../../src-shared/schemas/bench-result';

interface Column {
  header: string;
  isNumeric: boolean;
  cell(row: BenchComparisonRow): string;
}

/**
 * The comparison as a markdown table a user can paste into an issue, padded so it also reads in
 * a terminal, followed by lines that state the test, alpha, the baseline rule and any assumed
 * repetition counts. The fastest row of each test is in bold. Pure.
 */
export function comparisonToMarkdown(comparison: BenchComparison): string {
  const columns = columnsOf(comparison);
  const table = [columns.map((c) => c.header), ...comparison.rows.map((row) => columns.map((c) => escapeCell(c.cell(row))))];
  const widths = columns.map((_, i) => Math.max(3, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (columns[i]!.isNumeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (columns[i]!.isNumeric ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(table[0]!), rule, ...table.slice(1).map(line), '', ...footnotes(comparison)].join('\n') + '\n';
}

function columnsOf(comparison: BenchComparison): Column[] {
  const columns: Column[] = [{ header: 'test', isNumeric: false, cell: (row) => row.test }];
  if (comparison.runs.length > 1) columns.push({ header: 'run', isNumeric: false, cell: (row) => row.runLabel });
  for (const name of comparison.dimensions) {
    columns.push({ header: name, isNumeric: false, cell: (row) => row.settings[name] ?? '?' });
  }
  columns.push(
    { header: 't/s', isNumeric: true, cell: (row) => bold(`${row.meanTs.toFixed(2)} ± ${row.stddevTs.toFixed(2)}`, row.isBest) },
    { header: 'n', isNumeric: true, cell: (row) => `${row.n}${row.isAssumedN ? '*' : ''}` },
    { header: 'Δ', isNumeric: true, cell: (row) => formatDelta(row.deltaPct) },
    { header: 'p', isNumeric: true, cell: (row) => formatP(row.pValue) },
    { header: 'verdict', isNumeric: false, cell: (row) => row.verdict },
  );
  return columns;
}

function bold(text: string, isBold: boolean): string {
  return isBold ? `**${text}**` : text;
}

function formatDelta(deltaPct: number | null): string {
  if (deltaPct === null) return '—';
  const magnitude = Math.abs(deltaPct).toFixed(1);
  // A delta that rounds to zero reads as "0.0 %", not as a signed "−0.0 %".
  if (Number(magnitude) === 0) return '0.0 %';
  return `${deltaPct > 0 ? '+' : '−'}${magnitude} %`;
}

function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function footnotes(comparison: BenchComparison): string[] {
  const { alpha, assumedRepetitions } = comparison.method;
  const baseline = comparison.runs.find((run) => run.id === comparison.baselineRunId);
  const notes = [
    `Verdict: ${comparison.method.test} on per-repetition tok/s, α = ${alpha} ` +
      `(p < ${alpha}: faster or slower; otherwise within noise). No correction for multiple comparisons.`,
    `Baseline: run ${baseline ? `"${baseline.label}" (${baseline.id})` : comparison.baselineRunId}. ` +
      'A row of another run is compared with the baseline row of the same test that shares the most settings; ' +
      "a baseline-run row with that run's first setting of the test.",
    'Bold: the highest mean of each test.',
  ];
  if (comparison.rows.some((row) => row.isAssumedN)) {
    notes.push(`n*: the output printed no samples (markdown); ${assumedRepetitions} repetitions assumed (llama-bench's default -r).`);
  }
  return notes;
}
