import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import { Id } from '../../../src-shared/schemas/ids';
import { lastValue, parseArgs, type CliIo } from '../args';
import { createNodeCore } from '../node-core';

export const benchCompareUsage = 'llmwb bench compare ID… [--baseline ID] [--alpha 0.05] [--markdown FILE] [--data-dir DIR]';

export interface BenchCompareDeps {
  /** Resolved by the shell from --data-dir or the default. */
  dataDir: string;
}

/**
 * `llmwb bench compare ID ID… [--baseline ID] [--markdown FILE]`: compares the stored bench runs
 * through the core's bench.compare (the app's comparison, computed once), prints the comparison as a markdown table (tok/s mean ± stddev, Δ % against the baseline run,
 * Welch t-test verdict, the test and α stated under the table) and with --markdown also writes
 * it to FILE. Exit: 0 done, 1 a run could not be read or the file not written, 2 bad arguments.
 */
export async function benchCompareCommand(argv: string[], io: CliIo, deps: BenchCompareDeps): Promise<number> {
  try {
    const args = parseArgs(argv, { options: ['baseline', 'alpha', 'markdown', 'data-dir'] });
    const ids = args.positionals;
    checkIds(ids);
    const baselineRunId = lastValue(args, 'baseline');
    const alpha = readAlpha(lastValue(args, 'alpha'));
    const markdown = await compareThroughCore(deps.dataDir, { runIds: ids, ...(baselineRunId ? { baselineRunId } : {}), ...(alpha === undefined ? {} : { alpha }) });
    for (const line of markdown.trimEnd().split('\n')) io.out(line);
    const target = lastValue(args, 'markdown');
    if (target !== undefined) {
      await mkdir(dirname(resolve(target)), { recursive: true });
      await writeFile(target, markdown, 'utf8');
      io.err(`comparison written to ${target}`);
    }
    return 0;
  } catch (error) {
    const appError = toAppError(error);
    io.err(`llmwb bench compare: ${appError.message}`);
    if (appError.hint) io.err(`hint: ${appError.hint}`);
    if (appError.code === 'invalid_input') io.err(`usage: ${benchCompareUsage}`);
    return appError.code === 'invalid_input' ? 2 : 1;
  }
}

async function compareThroughCore(dataDir: string, input: { runIds: string[]; baselineRunId?: string; alpha?: number }): Promise<string> {
  const core = await createNodeCore({ dataDir, shell: 'cli' });
  try {
    return (await core.invoke('bench.compare', input)).markdown;
  } finally {
    await core.close();
  }
}

function checkIds(ids: string[]): void {
  if (ids.length === 0) throw new AppError('invalid_input', 'give the id of at least one bench run (llmwb bench import prints them)');
  // Said here in the CLI's words; the contract would refuse it too, naming the field instead of the id.
  const notAnId = ids.find((id) => !Id.safeParse(id).success);
  if (notAnId !== undefined) throw new AppError('invalid_input', `"${notAnId}" is not a bench run id (letters, digits, _ and - only)`);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new AppError('invalid_input', `run ${repeated[0]} is given twice`);
}

function readAlpha(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const alpha = Number(value);
  if (!(alpha > 0 && alpha < 1)) throw new AppError('invalid_input', `--alpha must be a number between 0 and 1, got "${value}"`);
  return alpha;
}
