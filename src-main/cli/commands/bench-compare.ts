import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import { compareBenchRuns } from '../../core/bench/compare/compare-runs';
import { comparisonToMarkdown } from '../../core/bench/compare/comparison-markdown';
import { loadBenchRunsToCompare } from '../../core/bench/runs/bench-run-store';
import { lastValue, parseArgs, type CliIo } from '../args';

export const benchCompareUsage = 'llmwb bench compare ID… [--baseline ID] [--alpha 0.05] [--markdown FILE] [--data-dir DIR]';

export interface BenchCompareDeps {
  /** Resolved by the shell from --data-dir or the default. */
  dataDir: string;
}

/**
 * `llmwb bench compare ID ID… [--baseline ID] [--markdown FILE]`: loads the stored bench runs,
 * prints the comparison as a markdown table (tok/s mean ± stddev, Δ % against the baseline run,
 * Welch t-test verdict, the test and α stated under the table) and with --markdown also writes
 * it to FILE. Exit: 0 done, 1 a run could not be read or the file not written, 2 bad arguments.
 */
export async function benchCompareCommand(argv: string[], io: CliIo, deps: BenchCompareDeps): Promise<number> {
  try {
    const args = parseArgs(argv, { options: ['baseline', 'alpha', 'markdown', 'data-dir'] });
    const ids = args.positionals;
    checkIds(ids);
    const runs = await loadBenchRunsToCompare(deps.dataDir, ids);
    const baselineRunId = lastValue(args, 'baseline');
    const comparison = compareBenchRuns(runs, { ...(baselineRunId ? { baselineRunId } : {}), alpha: readAlpha(lastValue(args, 'alpha')) });
    const markdown = comparisonToMarkdown(comparison);
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

function checkIds(ids: string[]): void {
  if (ids.length === 0) throw new AppError('invalid_input', 'give the id of at least one bench run (llmwb bench import prints them)');
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new AppError('invalid_input', `run ${repeated[0]} is given twice`);
}

function readAlpha(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const alpha = Number(value);
  if (!(alpha > 0 && alpha < 1)) throw new AppError('invalid_input', `--alpha must be a number between 0 and 1, got "${value}"`);
  return alpha;
}
