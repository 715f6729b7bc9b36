import { toAppError } from '../../src-shared/errors';
import type { CliIo } from './args';
import { commands } from './command-table';
import { packageVersion } from './package-info';

const usage = (): string =>
  [
    'llmwb — LLM Workbench on the command line',
    '',
    'Usage: llmwb <command> [options]',
    '',
    ...commands.flatMap((command) => [`  ${command.usage}`, `      ${command.summary}`]),
    '',
    'Every command that stores data takes --data-dir DIR (default: $XDG_DATA_HOME/llm-workbench).',
    'Exit codes: 0 ok, 1 failed, 2 bad input, 99 a run missed an --slo threshold, 130 interrupted.',
  ].join('\n');

/** Runs one CLI command and returns its exit code: 0 ok, 1 failed, 2 bad input (run adds 99 and 130). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(packageVersion());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`llmwb: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const appError = toAppError(error);
    io.err(`llmwb ${name}: ${appError.message}`);
    if (appError.hint) io.err(`hint: ${appError.hint}`);
    return appError.code === 'invalid_input' ? 2 : 1;
  }
}
