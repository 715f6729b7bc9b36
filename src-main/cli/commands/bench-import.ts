import { AppError, toAppError } from '../../../src-shared/errors';
import { BenchFormat } from '../../../src-shared/schemas/bench-result';
import { importBenchFile, importBenchText } from '../../core/bench/runs/import-bench';
import { lastValue, parseArgs, type CliIo } from '../args';

export const benchImportUsage = 'llmwb bench import FILE… [--format auto|json|jsonl|csv|sql|md] [--label TEXT] [--data-dir DIR]';

export interface BenchImportDeps {
  /** Resolved by the shell from --data-dir or the default. */
  dataDir: string;
  /** Source of `-` (pasted text); standard input by default. */
  readStdin?: () => Promise<string>;
}

/**
 * `llmwb bench import FILE…`: stores each llama-bench output (json, jsonl, csv, sql, md, or a
 * pasted markdown table; `-` reads standard input) as a bench run under `<dataDir>/bench/<id>/`
 * and prints each new id on its own line, in the order of the files. A file that cannot be read
 * is reported on stderr and the others are still imported. Exit: 0 all imported, 1 some failed,
 * 2 bad arguments.
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
  let failures = 0;
  for (const file of files) {
    try {
      const options = { dataDir: deps.dataDir, format, ...(label === undefined ? {} : { label }) };
      const meta = file === '-'
        ? await importBenchText(await (deps.readStdin ?? readStdin)(), { ...options, sourceName: '-' })
        : await importBenchFile(file, options);
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
