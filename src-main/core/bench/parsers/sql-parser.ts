import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import type { ParsedBench } from './json-parser';
import { normaliseRecord } from './normalise-record';
import { benchParseError, quoteLine } from './parse-error';

// One INSERT per line; the table was `test` before 2026 and `llama_bench` since. The tail is
// `\s*(?:;\s*)?$`, not `\s*;?\s*$`: two adjacent space runs split n spaces n ways (quadratic).
const insertPattern = /^\s*INSERT\s+INTO\s+[\w"`]+\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)\s*(?:;\s*)?$/i;

/**
 * Reads `-o sql` output: a CREATE TABLE statement, then one `INSERT … VALUES ('…', …);` per test
 * with every value single-quoted. Other statements and blank lines are ignored.
 */
export function parseBenchSql(text: string): ParsedBench {
  const results: BenchResult[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!/^\s*INSERT\s/i.test(line)) return;
    const match = insertPattern.exec(line);
    if (!match) throw benchParseError(`line ${index + 1} is not a complete INSERT: ${quoteLine(line)}`);
    const columns = match[1]!.split(',').map((column) => column.trim().replace(/^["`]|["`]$/g, ''));
    const values = splitSqlValues(match[2]!);
    if (values.length !== columns.length) {
      throw benchParseError(`line ${index + 1} has ${values.length} values for ${columns.length} columns`);
    }
    const record = Object.fromEntries(columns.map((column, i) => [column, values[i]]));
    results.push(normaliseRecord(record, { where: `line ${index + 1}` }));
  });
  return { results, warnings: [] };
}

/**
 * The values of a VALUES list. Quoted values use SQL's `''` escape; llama-bench does not escape
 * quotes at all, so a quote that is not followed by a comma or the end is taken literally.
 * Bare values (numbers, NULL) are kept as text; NULL becomes null.
 */
export function splitSqlValues(list: string): Array<string | null> {
  const values: Array<string | null> = [];
  let i = 0;
  while (i < list.length) {
    while (list[i] === ' ') i += 1;
    if (list[i] === "'") {
      const { value, next } = readQuoted(list, i + 1);
      values.push(value);
      i = next;
    } else {
      const end = list.indexOf(',', i);
      const raw = list.slice(i, end < 0 ? list.length : end).trim();
      values.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = end < 0 ? list.length : end;
    }
    while (list[i] === ' ') i += 1;
    if (list[i] === ',') i += 1;
  }
  return values;
}

function readQuoted(list: string, start: number): { value: string; next: number } {
  let value = '';
  let i = start;
  while (i < list.length) {
    const c = list[i]!;
    if (c !== "'") {
      value += c;
      i += 1;
    } else if (list[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (/^\s*(,|$)/.test(list.slice(i + 1))) {
      return { value, next: i + 1 };
    } else {
      value += c;
      i += 1;
    }
  }
  return { value, next: i };
}
