import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import type { ParsedBench } from './json-parser';
import { normaliseRecord } from './normalise-record';
import { benchParseError, quoteLine } from './parse-error';

/**
 * Reads `-o csv` output: a header row of field names, then one row per test with every value
 * double-quoted (numbers too, `""` for a quote). Header rows repeated by concatenated runs are
 * skipped; a row whose cell count differs from the header is an error naming its line.
 */
export function parseBenchCsv(text: string): ParsedBench {
  const rows = splitCsvRows(text);
  const headerIndex = rows.findIndex((row) => row.cells.includes('avg_ts') || row.cells.includes('n_prompt'));
  if (headerIndex < 0) throw benchParseError(`the CSV has no header row with avg_ts: first line ${quoteLine(rows[0]?.cells.join(',') ?? '')}`);
  const header = rows[headerIndex]!.cells;
  const results: BenchResult[] = [];
  for (const row of rows.slice(headerIndex + 1)) {
    if (row.cells.length === 1 && row.cells[0] === '') continue;
    if (row.cells.join(',') === header.join(',')) continue;
    if (row.cells.length !== header.length) {
      throw benchParseError(`line ${row.line} has ${row.cells.length} values, the header has ${header.length}`);
    }
    const record = Object.fromEntries(header.map((field, i) => [field, row.cells[i]]));
    results.push(normaliseRecord(record, { where: `line ${row.line}` }));
  }
  return { results, warnings: [] };
}

interface CsvRow {
  line: number;
  cells: string[];
}

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
export function splitCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\n') line += 1;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') inQuotes = false;
      else cell += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push({ line: rowLine, cells: [...cells, cell.replace(/\r$/, '')] });
      cells = [];
      cell = '';
      rowLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell.replace(/\r$/, '')] });
  return rows;
}
