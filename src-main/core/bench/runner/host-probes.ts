import { posix } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import type { BenchHostServer, BenchRunOrigin } from '../../../../src-shared/schemas/bench-result';
import { shScriptArgv } from '../../hosts/argv';
import type { HostSession } from '../../hosts/host-session';
import type { PathProbe } from '../plan/check-model-paths';

const probeTimeoutMs = 15_000;

/** One round trip per path: the shell's own tests, the path only ever as `$1`. */
const pathStateScript = 'if [ ! -e "$1" ]; then echo missing; elif [ ! -f "$1" ]; then echo not-a-file; elif [ ! -r "$1" ]; then echo unreadable; else echo file; fi';

/**
 * A PathProbe that asks the host itself (`test -e/-f/-r` as the SSH user, the user llama-bench
 * will run as), so "no model at …" is said before llama-bench starts. Relative paths are
 * relative to that user's home, as they will be for llama-bench.
 */
export function hostPathProbe(host: HostSession): PathProbe {
  return async (path) => {
    const result = await host.exec(shScriptArgv(pathStateScript, 'llmwb-probe', [path]), { timeoutMs: probeTimeoutMs });
    const state = result.stdout.trim();
    if (state === 'file' || state === 'missing' || state === 'not-a-file' || state === 'unreadable') return state;
    throw new AppError('remote_command_failed', `could not check "${path}" on ${host.label}: ${result.stderr.trim() || `exit ${String(result.exitCode)}`}`);
  };
}

const serverProbeScript = [
  'for pid in $(pgrep -x llama-server 2>/dev/null); do',
  '  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue',
  '  printf "%s\\n%s\\n" "$pid" "$exe"',
  '  tr "\\000" "\\n" < "/proc/$pid/cmdline"',
  '  exit 0',
  'done',
].join('\n');

/**
 * The llama-server running on the host, if any (Linux /proc; null elsewhere or when none runs):
 * where its binary is, so llama-bench can be looked for beside it, and its -t and -np, so bench
 * results can be paired with what the server measured.
 */
export async function findRunningServer(host: HostSession): Promise<BenchHostServer | null> {
  const result = await host.exec(shScriptArgv(serverProbeScript, 'llmwb-server-probe'), { timeoutMs: probeTimeoutMs });
  return parseServerProbe(result.stdout);
}

/** Reads the server probe's output: pid, executable, then the command line one word per line. Pure. */
export function parseServerProbe(text: string): BenchHostServer | null {
  const [pidLine, executable, ...argv] = text.split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !executable) return null;
  return { pid, executable, threads: flagNumber(argv, ['-t', '--threads']), parallel: flagNumber(argv, ['-np', '--parallel']) };
}

function flagNumber(argv: readonly string[], names: readonly string[]): number | null {
  let found: number | null = null;
  argv.forEach((arg, index) => {
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!names.includes(name)) return;
    const value = Number(inline ?? argv[index + 1]);
    // Later flags win, as in llama.cpp's own parser.
    if (Number.isInteger(value)) found = value;
  });
  return found;
}

const executableScript = '[ -f "$1" ] && [ -x "$1" ]';
const whichScript = 'command -v "$1"';

async function isExecutable(host: HostSession, path: string): Promise<boolean> {
  return (await host.exec(shScriptArgv(executableScript, 'llmwb-probe', [path]), { timeoutMs: probeTimeoutMs })).exitCode === 0;
}

export interface LocateBenchOptions {
  /** A path the user gave; when set, only it is tried. */
  configuredPath?: string;
  server: BenchHostServer | null;
}

/**
 * Finds llama-bench on the host: the configured path, else the file beside the running
 * llama-server's binary, else the SSH user's PATH (`command -v`, which sees the PATH of a
 * non-interactive shell: ~/.bashrc additions may be missing). `not_found` says where it looked.
 */
export async function locateBench(host: HostSession, options: LocateBenchOptions): Promise<{ binary: string; source: BenchRunOrigin['binarySource'] }> {
  if (options.configuredPath !== undefined) {
    if (await isExecutable(host, options.configuredPath)) return { binary: options.configuredPath, source: 'configured' };
    throw new AppError('not_found', `no executable llama-bench at "${options.configuredPath}" on ${host.label}`, {
      hint: 'Check the path (it is not expanded by a shell, so write /home/user/… rather than ~/…) and that the file is executable.',
    });
  }
  const looked: string[] = [];
  if (options.server !== null) {
    const beside = posix.join(posix.dirname(options.server.executable), 'llama-bench');
    looked.push(beside);
    if (await isExecutable(host, beside)) return { binary: beside, source: 'next to llama-server' };
  }
  const which = await host.exec(shScriptArgv(whichScript, 'llmwb-which', ['llama-bench']), { timeoutMs: probeTimeoutMs });
  const onPath = which.stdout.trim().split('\n')[0] ?? '';
  if (which.exitCode === 0 && onPath.startsWith('/')) return { binary: onPath, source: 'PATH' };
  looked.push('the PATH of a non-interactive shell');
  throw new AppError('not_found', `llama-bench was not found on ${host.label} (looked at ${looked.join(' and ')})`, {
    hint: 'Give the path of llama-bench on the host (it is built beside llama-server, e.g. llama.cpp/build/bin/llama-bench).',
  });
}
