import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import { fieldForMdColumn } from './bench-fields';
import type { ParsedBench } from './json-parser';
import { fitRowToHeader, isBenchHeader, isSeparatorRow, parseBuildLine, parseRateCell, splitMdRow } from './md-table';
import { normaliseRecord, type RawRecord } from './normalise-record';
import { benchParseError } from './parse-error';
import { parseModelSize, parseParamCount, parseTestLabel } from './test-label';

interface MdTable {
  header: string[];
  previous: string[] | null;
  results: BenchResult[];
}

interface MdState {
  tables: MdTable[];
  current: MdTable | null;
  /** Results not yet given a build, waiting for the next `build:` footer. */
  unbuilt: BenchResult[];
  warnings: string[];
}

/**
 * Reads llama-bench's markdown table (`-o md`, the default) and tables users paste into issues:
 * any text, code fences, `>` quotes and log lines around or inside the table are skipped; several
 * tables may follow each other, each `build: <commit> (<n>)` footer applies to the rows above it
 * (without one the build is unknown). Cells left blank because they repeat the row above (2025
 * printers) are filled from that row. Markdown carries no samples: `repetitions` stays unknown.
 */
export function parseBenchMarkdown(text: string): ParsedBench {
  const state: MdState = { tables: [], current: null, unbuilt: [], warnings: [] };
  text.split(/\r?\n/).forEach((line, index) => readLine(state, line, index + 1));
  if (state.tables.length === 0) {
    throw benchParseError('no llama-bench table found (a markdown header with "test" and "t/s" columns)');
  }
  const results = state.tables.flatMap((table) => table.results);
  if (state.unbuilt.length > 0 && state.unbuilt.length === results.length) {
    state.warnings.push('no "build:" line: the llama.cpp build of these results is unknown');
  }
  return { results, warnings: state.warnings };
}

function readLine(state: MdState, line: string, lineNumber: number): void {
  const build = parseBuildLine(line);
  if (build) {
    for (const result of state.unbuilt) {
      result.buildCommit = build.commit;
      result.buildNumber = build.number;
    }
    state.unbuilt = [];
    state.current = null;
    return;
  }
  const cells = splitMdRow(line);
  if (!cells) return;
  if (isBenchHeader(cells)) {
    state.current = { header: cells, previous: null, results: [] };
    state.tables.push(state.current);
    return;
  }
  if (!state.current || isSeparatorRow(cells)) return;
  const result = readRow(state.current, cells, { lineNumber, warnings: state.warnings });
  if (result) {
    state.current.results.push(result);
    state.unbuilt.push(result);
  }
}

function readRow(table: MdTable, rawCells: string[], at: { lineNumber: number; warnings: string[] }): BenchResult | null {
  const fitted = fitRowToHeader(rawCells, table.header);
  if (!fitted) {
    at.warnings.push(`line ${at.lineNumber} skipped: ${rawCells.length} cells, the header has ${table.header.length}`);
    return null;
  }
  const cells = fitted.map((cell, i) => (cell === '' && table.previous ? table.previous[i]! : cell));
  table.previous = cells;
  const record = rowToRecord(table.header, cells);
  if (typeof record === 'string') {
    at.warnings.push(`line ${at.lineNumber} skipped: ${record}`);
    return null;
  }
  return normaliseRecord(record, { where: `line ${at.lineNumber}`, isUnknownAParam: true });
}

/** The row as a llama-bench record, or the reason it cannot be one. */
function rowToRecord(header: string[], cells: string[]): RawRecord | string {
  const record: RawRecord = {};
  for (const [i, name] of header.entries()) {
    const field = fieldForMdColumn(name);
    const cell = cells[i]!;
    if (field === 'test') {
      const shape = parseTestLabel(cell);
      if (!shape) return `test ${JSON.stringify(cell)} is not a llama-bench test label`;
      Object.assign(record, { n_prompt: shape.nPrompt, n_gen: shape.nGen, n_depth: shape.nDepth });
    } else if (field === 't/s') {
      const rate = parseRateCell(cell);
      if (!rate) return `t/s ${JSON.stringify(cell)} is not "mean ± stddev"`;
      Object.assign(record, { avg_ts: rate.avg, stddev_ts: rate.stddev });
    } else if (field === 'model_size') {
      record.model_size = parseModelSize(cell);
    } else if (field === 'model_n_params') {
      record.model_n_params = parseParamCount(cell);
    } else if (cell !== '') {
      record[field] = cell;
    }
  }
  return record;
}
