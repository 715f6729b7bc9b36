import type { BenchFormat } from '../../../../src-shared/schemas/bench-result';
import { tryParse } from './json-parser';
import { isBenchHeader, splitMdRow, stripQuoteMarkers } from './md-table';
import { firstTextLine, quoteLine } from './parse-error';
import { isProgressLine } from './progress-parser';

export type FormatDetection = { format: BenchFormat } | { format: null; reason: string };

/**
 * Which llama-bench format a text is, from the first line that can only belong to one format:
 * a JSON array, a JSON object per line, a CSV header with llama-bench's fields, SQL statements,
 * or a markdown header with `test` and `t/s` columns anywhere (pasted tables sit after prose and
 * logs). When none is found, `reason` says what the first line was, for the error message.
 */
export function detectBenchFormat(text: string): FormatDetection {
  let sawProgress = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (isProgressLine(line)) {
      sawProgress = true;
      continue;
    }
    const format = formatOfLine(line);
    if (format) return { format };
  }
  return { format: null, reason: whyUnreadable(text, sawProgress) };
}

function formatOfLine(line: string): BenchFormat | null {
  // "[" alone (llama-bench, jq) or "[{" (compact JSON); markdown links and checkboxes also open with "[".
  if (/^\[\s*(\{|\]|$)/.test(line)) return 'json';
  if (line.startsWith('{')) return tryParse(line).ok ? 'jsonl' : 'json';
  if (/^(CREATE\s+TABLE|INSERT\s+INTO)\b/i.test(line)) return 'sql';
  if (!line.includes('|') && /^"?build_commit"?,/.test(line)) return 'csv';
  if (!line.includes('|') && line.includes(',') && /(^|,)"?avg_ts"?(,|$)/.test(line)) return 'csv';
  const cells = splitMdRow(stripQuoteMarkers(line));
  return cells && isBenchHeader(cells) ? 'md' : null;
}

function whyUnreadable(text: string, sawProgress: boolean): string {
  const first = firstTextLine(text);
  if (first === '') return 'the input is empty';
  if (sawProgress && text.split(/\r?\n/).every((line) => line.trim() === '' || isProgressLine(line))) {
    return `first line ${quoteLine(first)} is --progress output (stderr), not results; import what llama-bench printed on stdout`;
  }
  return `first line ${quoteLine(first)} is not JSON, JSON Lines, CSV, SQL or a llama-bench markdown table`;
}
