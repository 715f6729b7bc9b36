import { AppError } from '../../../src-shared/errors';
import { defaultExecTimeoutMs, type ExecOptions, type ExecResult, type StreamEnd, type StreamHandle, type StreamHandlers } from './host-session';
import { createCappedOutput, execOutputTooLarge } from './exec-output';
import { createLineSplitter, lineTooLongMessage } from './line-splitter';
import type { Ssh2Channel, Ssh2Client } from './ssh2-types';

function openChannel(client: Ssh2Client, command: string, label: string): Promise<Ssh2Channel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) reject(new AppError('remote_command_failed', `${label} refused to start a command: ${error.message}`, { cause: error }));
        else resolve(channel);
      });
    } catch (error) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(new AppError('unreachable', `${label} is not connected`, { cause: error }));
    }
  });
}

/**
 * Runs one command line (already quoted by quoteArgv) on an open connection and collects
 * its output. On time-out the channel is closed (sshd then hangs up on the command) and the
 * promise rejects with `timeout`; a dropped link rejects with `unreachable`.
 */
export async function execOnClient(client: Ssh2Client, command: string, options: ExecOptions & { label: string }): Promise<ExecResult> {
  const channel = await openChannel(client, command, options.label);
  return new Promise((resolve, reject) => {
    const stdout = createCappedOutput();
    const stderr = createCappedOutput();
    let exitCode: number | null = null;
    let sawExit = false;
    const timeoutMs = options.timeoutMs ?? defaultExecTimeoutMs;
    const timer = setTimeout(() => {
      channel.close();
      reject(new AppError('timeout', `a command did not finish within ${timeoutMs} ms on ${options.label}`, { details: { command } }));
    }, timeoutMs);
    const collect = (output: typeof stdout, stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (output.add(chunk)) return;
      clearTimeout(timer);
      channel.close();
      reject(execOutputTooLarge({ program: 'a command', where: options.label, stream, command }));
    };
    channel.on('data', collect(stdout, 'stdout'));
    channel.stderr.on('data', collect(stderr, 'stderr'));
    channel.on('exit', (code: number | null) => {
      sawExit = true;
      exitCode = typeof code === 'number' ? code : null;
    });
    channel.on('close', () => {
      clearTimeout(timer);
      if (!sawExit) {
        reject(new AppError('unreachable', `the connection to ${options.label} dropped while a command ran`, { details: { command } }));
        return;
      }
      resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode });
    });
    channel.end(options.stdin ?? '');
  });
}

/**
 * Starts a long-running command line and hands its output line by line. The stream ends as
 * `exited` (the command exited), `stopped` (we closed it) or `disconnected` (the link under
 * it dropped before the command reported an exit status).
 */
export async function streamOnClient(client: Ssh2Client, command: string, handlers: StreamHandlers & { label: string }): Promise<StreamHandle> {
  const channel = await openChannel(client, command, handlers.label);
  const out = createLineSplitter((line) => handlers.onStdoutLine(line), { onTooLong: () => handlers.onNotice?.(lineTooLongMessage('stdout', handlers.label)) });
  const err = createLineSplitter((line) => handlers.onStderrLine?.(line), { onTooLong: () => handlers.onNotice?.(lineTooLongMessage('stderr', handlers.label)) });
  let stopped = false;
  let exit: number | null | undefined;
  channel.on('data', (chunk: Buffer) => out.push(chunk));
  channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  channel.on('exit', (code: number | null) => {
    exit = typeof code === 'number' ? code : null;
  });
  const ended = new Promise<StreamEnd>((resolve) => {
    channel.on('close', () => {
      out.flush();
      err.flush();
      if (stopped) resolve({ exitCode: exit ?? null, reason: 'stopped' });
      else if (exit === undefined) resolve({ exitCode: null, reason: 'disconnected' });
      else resolve({ exitCode: exit, reason: 'exited' });
    });
  });
  channel.end();
  return {
    ended,
    async stop() {
      stopped = true;
      channel.close();
      return ended;
    },
  };
}
