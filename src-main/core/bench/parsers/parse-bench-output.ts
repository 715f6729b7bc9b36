import { z } from 'zod';
import { AppError, formatZodIssues } from '../../../../src-shared/errors';
import { BenchResult, type BenchFormat } from '../../../../src-shared/schemas/bench-result';
import { parseBenchCsv } from './csv-parser';
import { detectBenchFormat } from './detect-format';
import { parseBenchJson, type ParsedBench } from './json-parser';
import { parseBenchJsonl } from './jsonl-parser';
import { parseBenchMarkdown } from './md-parser';
import { benchParseError, firstTextLine, quoteLine } from './parse-error';
import { parseBenchSql } from './sql-parser';

export interface ParseBenchOptions {
  /** A format to insist on; by default it is detected from the text. */
  format?: BenchFormat | 'auto';
}

export interface BenchParseOutcome extends ParsedBench {
  format: BenchFormat;
}

const parsers: Record<BenchFormat, (text: string) => ParsedBench> = {
  json: parseBenchJson,
  jsonl: parseBenchJsonl,
  csv: parseBenchCsv,
  sql: parseBenchSql,
  md: parseBenchMarkdown,
};

/**
 * Reads any llama-bench output (json, jsonl, csv, sql, md of 2024 builds through v0.5.0, or a
 * pasted markdown table) into normalised results, each checked against the BenchResult schema.
 * Never throws anything but a `parse_error` AppError whose message starts with
 * "cannot read llama-bench output:"; an empty result list is allowed (a run killed before its
 * first test) and comes with a warning.
 */
export function parseBenchOutput(text: string, options: ParseBenchOptions = {}): BenchParseOutcome {
  try {
    const format = chooseFormat(text, options.format);
    const parsed = parsers[format](text);
    const results = z.array(BenchResult).parse(parsed.results);
    const warnings = results.length === 0 && parsed.warnings.length === 0 ? ['the output holds no results'] : parsed.warnings;
    return { format, results, warnings };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof z.ZodError) throw benchParseError(`a result does not fit the schema: ${formatZodIssues(error)}`);
    // A parser bug must still reach the user as a readable message, not a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    throw benchParseError(`${reason} (first line ${quoteLine(firstTextLine(text))})`);
  }
}

function chooseFormat(text: string, wanted: BenchFormat | 'auto' | undefined): BenchFormat {
  if (wanted !== undefined && wanted !== 'auto') return wanted;
  const detection = detectBenchFormat(text);
  if (detection.format === null) throw benchParseError(detection.reason);
  return detection.format;
}
