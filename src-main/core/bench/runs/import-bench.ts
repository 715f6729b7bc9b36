import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { benchImportTooLarge, maxBenchImportBytes } from '../../../../src-shared/contract/bench.contract';
import { AppError } from '../../../../src-shared/errors';
import type { BenchFormat, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { parseBenchOutput } from '../parsers/parse-bench-output';
import { benchParseError } from '../parsers/parse-error';
import { newBenchRunId } from './bench-run-id';
import { saveBenchRun } from './bench-run-store';

/** llama-bench output is small; anything this large is not it, and is refused before reading (the contract's cap). */
export const maxImportBytes = maxBenchImportBytes;

export interface ImportBenchOptions {
  dataDir: string;
  /** The file name as the user gave it, or "-" for pasted text. */
  sourceName: string;
  format?: BenchFormat | 'auto';
  /** Shown in comparisons; the file name by default. */
  label?: string;
  /** The workspace the run is about, so it can be paired with that host's server runs. */
  workspaceId?: string;
  /** Clock for the import time and the id (epoch ms); tests pass their own. */
  nowMs?: () => number;
}

/**
 * Parses llama-bench output (any format, or a pasted markdown table) and stores it as a new
 * bench run: raw text, normalised results and meta. Output without a single result is refused
 * with a `parse_error`, so every stored run can be compared; text over maxImportBytes is refused
 * before it is parsed. Returns the stored meta.
 */
export async function importBenchText(text: string, options: ImportBenchOptions): Promise<BenchRunMeta> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxImportBytes) throw benchImportTooLarge(options.sourceName === '-' ? 'The pasted text' : options.sourceName, bytes);
  const parsed = parseBenchOutput(text, { format: options.format ?? 'auto' });
  if (parsed.results.length === 0) throw benchParseError(`${options.sourceName} holds no finished test`);
  const nowMs = (options.nowMs ?? Date.now)();
  const meta: BenchRunMeta = {
    id: newBenchRunId(nowMs),
    label: options.label ?? (options.sourceName === '-' ? 'pasted' : basename(options.sourceName)),
    importedAt: nowMs,
    source: { name: options.sourceName, format: parsed.format, bytes },
    resultCount: parsed.results.length,
    warnings: parsed.warnings,
    ...(options.workspaceId === undefined ? {} : { workspaceId: options.workspaceId }),
  };
  await saveBenchRun(options.dataDir, { meta, results: parsed.results, raw: text });
  return meta;
}

/** Reads a file and imports it (see importBenchText); `not_found` when the file is missing. */
export async function importBenchFile(path: string, options: Omit<ImportBenchOptions, 'sourceName'>): Promise<BenchRunMeta> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('invalid_input', `${path} is not a file`);
    if (info.size > maxImportBytes) throw benchImportTooLarge(path, info.size);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `no such file: ${path}`);
    throw error;
  }
  return importBenchText(text, { ...options, sourceName: path });
}
