import { AppError } from '../../../src-shared/errors';
import type { HostConnectionState } from '../../../src-shared/schemas/host';

/** ExecOptions.timeoutMs when none is given, for every host kind. */
export const defaultExecTimeoutMs = 30_000;

/** Options for one command run to completion. */
export interface ExecOptions {
  /** Kill (close) the command after this long and reject with `timeout`. Default defaultExecTimeoutMs (30 000 ms). */
  timeoutMs?: number;
  /** Text written to the command's stdin, then closed. */
  stdin?: string;
}

/** How a command ended. A non-zero exit is a result, not an error: the caller decides. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Null when the command was ended by a signal or the link dropped. */
  exitCode: number | null;
}

/** Line callbacks of a long-running command. Lines come without their `\n`. */
export interface StreamHandlers {
  onStdoutLine(line: string): void;
  onStderrLine?(line: string): void;
  /** What the host layer did to the output, in words to show: a line over maxStreamLineChars it skipped. */
  onNotice?(message: string): void;
}

/** Why a stream ended: it exited, we stopped it, or the link under it dropped. */
export interface StreamEnd {
  exitCode: number | null;
  reason: 'exited' | 'stopped' | 'disconnected';
}

/** A running long-lived command. */
export interface StreamHandle {
  /** Resolves when the command is gone, for whatever reason. Never rejects. */
  readonly ended: Promise<StreamEnd>;
  /** Ends the command (closes its channel / kills its process) and waits for the end. */
  stop(): Promise<StreamEnd>;
}

/**
 * A shell on one host, remote or local. Everything above `core/hosts` takes this, so the same
 * collector runs over SSH and on this machine. Commands are argv arrays, quoted by
 * `quoteArgv` where a shell is involved; no value is ever pasted into a shell string.
 */
export interface HostSession {
  /** `user@host:port` or `local`: for messages and logs. */
  readonly label: string;
  /** Runs a command to completion. Rejects with AppError `timeout`, `unreachable` or `remote_command_failed` (could not start). */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts a long-running command and hands its output line by line. */
  stream(argv: readonly string[], handlers: StreamHandlers): Promise<StreamHandle>;
  /** The link's state now. */
  state(): HostConnectionState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: (state: HostConnectionState) => void): () => void;
  /** Closes the link and every command on it; state becomes `closed`. */
  close(): Promise<void>;
}

/**
 * Runs a command and returns stdout, or rejects with `remote_command_failed` naming the
 * command and the first line of stderr when it exits non-zero.
 */
export async function execText(host: HostSession, argv: readonly string[], options?: ExecOptions): Promise<string> {
  const result = await host.exec(argv, options);
  if (result.exitCode === 0) return result.stdout;
  const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '') ?? '';
  throw new AppError('remote_command_failed', `${argv[0]} failed on ${host.label} (exit ${String(result.exitCode)}): ${firstLine}`, {
    details: { argv, exitCode: result.exitCode, stderr: result.stderr.slice(0, 2000) },
  });
}
