import { AppError } from '../../../../src-shared/errors';
import type { StreamEnd } from '../../hosts/host-session';
import { isProgressLine } from '../parsers/progress-parser';

/** Lines of llama-bench's stderr that say what went wrong (its own `error:` lines, loader failures). */
const errorLine = /\berror\b|failed|invalid|unknown|not found|cannot|no such file|out of memory|abort/i;
/** The usage text llama-bench prints after an argument error; noise next to the error itself. */
const usageLine = /^\s*(usage:|options:|test parameters:|-{1,2}[a-z])/i;

/** The stderr lines worth showing the user: error lines first, else the last few lines that are not progress. */
export function explainingLines(stderrLines: readonly string[], max = 5): string[] {
  const lines = stderrLines.map((line) => line.trim()).filter((line) => line !== '' && !isProgressLine(line));
  const errors = lines.filter((line) => errorLine.test(line) && !usageLine.test(line));
  const chosen = errors.length > 0 ? errors : lines.filter((line) => !usageLine.test(line)).slice(-3);
  return [...new Set(chosen)].slice(0, max);
}

export interface FailureContext {
  host: string;
  end: StreamEnd;
  stderrLines: readonly string[];
  argv: readonly string[];
}

/**
 * The AppError a failed llama-bench becomes, with llama-bench's own error text in the message:
 * `remote_command_failed` for a non-zero exit or a signal, `unreachable` when the link dropped
 * (llama-bench may still be running then), `not_found` when the binary could not be run (127).
 */
export function benchFailure(context: FailureContext): AppError {
  const { end, host } = context;
  const said = explainingLines(context.stderrLines);
  const text = said.length > 0 ? `:\n${said.join('\n')}` : ' (it printed nothing on stderr)';
  const details = { exitCode: end.exitCode, reason: end.reason, argv: context.argv, stderrTail: context.stderrLines.slice(-40) };
  if (end.reason === 'disconnected') {
    return new AppError('unreachable', `the connection to ${host} dropped while llama-bench ran; it may still be running there`, { details });
  }
  if (end.exitCode === 127 || end.exitCode === 126) {
    return new AppError('not_found', `llama-bench could not be started on ${host} (exit ${end.exitCode})${text}`, { details });
  }
  const how = end.exitCode === null ? 'was killed by a signal' : `exited with status ${end.exitCode}`;
  return new AppError('remote_command_failed', `llama-bench ${how} on ${host}${text}`, { hint: hintFor(said, end), details });
}

function hintFor(lines: readonly string[], end: StreamEnd): string | undefined {
  const joined = lines.join('\n');
  const badArg = /invalid parameter for argument: (\S+)|unknown argument: (\S+)/.exec(joined);
  if (badArg) return `This llama-bench build does not take ${badArg[1] ?? badArg[2]} that way; see \`llama-bench --help\` on the host.`;
  if (/failed to load model/i.test(joined)) return 'The file exists but llama-bench cannot load it: is it a GGUF model this build supports?';
  if (end.exitCode === null || /out of memory|alloc/i.test(joined)) return 'A killed llama-bench is often out of memory: try fewer GPU layers (-ngl), a smaller -b/-ub or a smaller model.';
  return undefined;
}

/** True when the build refused `--progress` (builds before 2025), so the run can be retried without it. */
export function refusedProgressFlag(stderrLines: readonly string[]): boolean {
  return stderrLines.some((line) => /(invalid parameter for argument|unknown argument): --progress\b/.test(line));
}
