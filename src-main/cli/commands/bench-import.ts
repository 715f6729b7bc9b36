import { readFile, stat } from 'node:fs/promises';
import { benchImportTooLarge, maxBenchImportBytes } from '../../../src-shared/contract/bench.contract';
import { importBenchInParts } from '../../../src-shared/contract/bench-import-parts';
import { AppError, toAppError } from '../../../src-shared/errors';
import { BenchFormat, type BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import type { Core } from '../../core/index';
import { lastValue, parseArgs, type CliIo } from '../args';
import { createNodeCore } from '../node-core';

export const benchImportUsage = 'llmwb bench import FILE… [--format auto|json|jsonl|csv|sql|md] [--label TEXT] [--data-dir DIR]';

export interface BenchImportDeps {
  /** Resolved by the shell from --data-dir or the default. */
  dataDir: string;
  /** Source of `-` (pasted text); standard input by default. */
  readStdin?: () => Promise<string>;
}

/**
 * `llmwb bench import FILE…`: sends each llama-bench output (json, jsonl, csv, sql, md, or a
 * pasted markdown table; `-` reads standard input) through the core's bench.import, as the
 * app's import box does, which stores it as a bench run under `<dataDir>/bench/<id>/`; prints
 * each new id on its own line, in the order of the files. A file that cannot be read is reported
 * on stderr and the others are still imported. Exit: 0 all imported, 1 some failed, 2 bad arguments.
 */
export async function benchImportCommand(argv: string[], io: CliIo, deps: BenchImportDeps): Promise<number> {
  let files: string[];
  let format: BenchFormat | 'auto';
  let label: string | undefined;
  try {
    const args = parseArgs(argv, { options: ['format', 'label', 'data-dir'] });
    files = args.positionals;
    format = readFormat(lastValue(args, 'format'));
    label = lastValue(args, 'label');
    if (files.length === 0) throw new AppError('invalid_input', 'give at least one file to import');
  } catch (error) {
    io.err(`llmwb bench import: ${toAppError(error).message}`);
    io.err(`usage: ${benchImportUsage}`);
    return 2;
  }
  const core = await createNodeCore({ dataDir: deps.dataDir, shell: 'cli' });
  try {
    return await importEach(core, { files, io, read: (file) => (file === '-' ? (deps.readStdin ?? readStdin)() : readImportFile(file)), request: { format, ...(label === undefined ? {} : { label }) } });
  } finally {
    await core.close();
  }
}

interface ImportEach {
  files: string[];
  io: CliIo;
  read(file: string): Promise<string>;
  request: { format: BenchFormat | 'auto'; label?: string };
}

/** Imports the files one by one; returns 0 when all were stored, 1 when any failed. */
async function importEach(core: Core, job: ImportEach): Promise<number> {
  const { io } = job;
  let failures = 0;
  for (const file of job.files) {
    try {
      const meta: BenchRunMeta = await importBenchInParts(core, { ...job.request, text: await job.read(file), sourceName: file });
      io.out(meta.id);
      for (const warning of meta.warnings) io.err(`warning: ${file}: ${warning}`);
    } catch (error) {
      failures += 1;
      const appError = toAppError(error);
      io.err(`llmwb bench import: ${file}: ${appError.message}`);
      if (appError.hint) io.err(`hint: ${appError.hint}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

/** Reads a file to import, refusing what is not a file or is over the import cap before reading it. */
async function readImportFile(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('invalid_input', `${path} is not a file`);
    if (info.size > maxBenchImportBytes) throw benchImportTooLarge(path, info.size);
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `no such file: ${path}`);
    throw error;
  }
}

function readFormat(value: string | undefined): BenchFormat | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const parsed = BenchFormat.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', `--format must be auto, json, jsonl, csv, sql or md, got "${value}"`);
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
