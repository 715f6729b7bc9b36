import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { BenchFormat, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { parseBenchOutput } from '../parsers/parse-bench-output';
import { benchParseError } from '../parsers/parse-error';
import { newBenchRunId } from './bench-run-id';
import { saveBenchRun } from './bench-run-store';

/** llama-bench output is small; anything this large is not it, and is refused before reading. */
export const maxImportBytes = 64 * 1024 * 1024;

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
 * with a `parse_error`, so every stored run can be compared. Returns the stored meta.
 */
export async function importBenchText(text: string, options: ImportBenchOptions): Promise<BenchRunMeta> {
  const parsed = parseBenchOutput(text, { format: options.format ?? 'auto' });
  if (parsed.results.length === 0) throw benchParseError(`${options.sourceName} holds no finished test`);
  const nowMs = (options.nowMs ?? Date.now)();
  const meta: BenchRunMeta = {
    id: newBenchRunId(nowMs),
    label: options.label ?? (options.sourceName === '-' ? 'pasted' : basename(options.sourceName)),
    importedAt: nowMs,
    source: { name: options.sourceName, format: parsed.format, bytes: Buffer.byteLength(text, 'utf8') },
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
    if (info.size > maxImportBytes) throw new AppError('invalid_input', `${path} is ${info.size} bytes, too large to be llama-bench output`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `no such file: ${path}`);
    throw error;
  }
  return importBenchText(text, { ...options, sourceName: path });
}
