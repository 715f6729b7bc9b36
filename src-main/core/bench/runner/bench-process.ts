import { shScriptArgv } from '../../hosts/argv';
import type { HostSession, StreamEnd } from '../../hosts/host-session';

/** The first stderr line of every bench process: its pid on the host, so it can be ended there. */
export const pidMarker = 'llmwb-bench-pid ';

/**
 * Prints the shell's pid and then becomes llama-bench (`exec` keeps the pid), so the pid we learn
 * is llama-bench's own. sshd (and LocalHost) start each command in a fresh session/process group
 * led by that process, so its group holds llama-bench and anything it started, and nothing else.
 */
const wrapperScript = `echo "${pidMarker}$$" >&2; exec "$@"`;

/**
 * Ends the process group the pid leads (or the pid alone if it leads none), with the signal given.
 * The pgid comes from ps, or from /proc where ps is missing; `kill -s SIG -- -PGID` is POSIX.
 */
const killScript = [
  'pid=$1; sig=$2',
  'pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d " ")',
  'if [ -z "$pgid" ] && [ -r "/proc/$pid/stat" ]; then pgid=$(sed "s/^.*) //" "/proc/$pid/stat" | cut -d " " -f 3); fi',
  'if [ "$pgid" = "$pid" ]; then kill -s "$sig" -- "-$pid" 2>/dev/null || kill -s "$sig" "$pid"; else kill -s "$sig" "$pid"; fi',
].join('\n');

export interface BenchProcessOptions {
  binary: string;
  args: readonly string[];
  onStdoutLine(line: string): void;
  /** stderr lines other than the pid marker. */
  onStderrLine(line: string): void;
  /** How long cancel waits after SIGTERM before SIGKILL, and after SIGKILL before giving up. Default 3 000 ms. */
  graceMs?: number;
}

export interface BenchProcess {
  /** Resolves when the command is gone; `reason` is `stopped` after cancel. Never rejects. */
  readonly ended: Promise<StreamEnd>;
  /** llama-bench's pid on the host, once its first line arrived. */
  pid(): number | null;
  /** Ends llama-bench on the host (TERM to its group, KILL if it lingers), then closes the channel. */
  cancel(): Promise<StreamEnd>;
}

/**
 * Starts llama-bench on a host as an argv (never a shell string with values in it), under a tiny
 * wrapper that reports its pid. Closing an SSH channel does not end a command that is not writing
 * (sshd only closes its pipes), so cancel kills the process group on the host explicitly.
 */
export async function startBenchProcess(host: HostSession, options: BenchProcessOptions): Promise<BenchProcess> {
  let pid: number | null = null;
  let onPid: (() => void) | null = null;
  const pidKnown = new Promise<void>((resolve) => (onPid = resolve));
  const handle = await host.stream(shScriptArgv(wrapperScript, 'llmwb-bench', [options.binary, ...options.args]), {
    onStdoutLine: options.onStdoutLine,
    onStderrLine(line) {
      if (pid === null && line.startsWith(pidMarker)) {
        pid = Number(line.slice(pidMarker.length)) || null;
        onPid?.();
        return;
      }
      options.onStderrLine(line);
    },
  });
  let isCancelling = false;
  const ended = handle.ended.then((end) => (isCancelling ? { ...end, reason: 'stopped' as const } : end));
  const graceMs = options.graceMs ?? 3_000;
  return {
    ended,
    pid: () => pid,
    async cancel() {
      isCancelling = true;
      await Promise.race([pidKnown, handle.ended, delay(graceMs)]);
      if (pid !== null) await endOnHost(host, { pid, ended: handle.ended, graceMs });
      await handle.stop();
      return ended;
    },
  };
}

async function endOnHost(host: HostSession, target: { pid: number; ended: Promise<StreamEnd>; graceMs: number }): Promise<void> {
  for (const signal of ['TERM', 'KILL']) {
    const gone = await Promise.race([target.ended.then(() => true), delay(0).then(() => false)]);
    if (gone) return;
    await host.exec(shScriptArgv(killScript, 'llmwb-kill', [String(target.pid), signal]), { timeoutMs: 10_000 }).catch(() => undefined);
    if (await Promise.race([target.ended.then(() => true), delay(target.graceMs).then(() => false)])) return;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
