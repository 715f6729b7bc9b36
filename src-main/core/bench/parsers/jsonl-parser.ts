import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import { isRecord, tryParse, type ParsedBench } from './json-parser';
import { normaliseRecord } from './normalise-record';
import { benchParseError, quoteLine } from './parse-error';

/**
 * Reads `-o jsonl` / `-oe jsonl` output: one result object per line. Lines that are not JSON
 * (stderr shared with `--progress` or log lines) are skipped; a last line that does not parse is
 * the one being written when the run was killed and is skipped with a warning. Any other line
 * that starts like JSON and does not parse is an error naming its line number.
 */
export function parseBenchJsonl(text: string): ParsedBench {
  const lines = text.split(/\r?\n/);
  const lastDataLine = findLastIndex(lines, (line) => line.trimStart().startsWith('{'));
  const results: BenchResult[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (!trimmed.startsWith('{')) {
      skipped += 1;
      return;
    }
    const parsed = tryParse(trimmed);
    if (parsed.ok && isRecord(parsed.value)) {
      results.push(normaliseRecord(parsed.value, { where: `line ${index + 1}` }));
    } else if (index === lastDataLine) {
      warnings.push(`line ${index + 1} is cut off (run interrupted?) and was skipped`);
    } else {
      throw benchParseError(`line ${index + 1} is not a JSON object: ${quoteLine(trimmed)}`);
    }
  });
  if (skipped > 0) warnings.push(`${skipped} line(s) that are not results (logs, progress) were skipped`);
  return { results, warnings };
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i]!)) return i;
  return -1;
}
