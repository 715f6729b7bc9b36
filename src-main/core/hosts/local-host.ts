import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../../../src-shared/errors';
import type { HostConnectionState } from '../../../src-shared/schemas/host';
import { defaultExecTimeoutMs, type ExecOptions, type ExecResult, type HostSession, type StreamEnd, type StreamHandle, type StreamHandlers } from './host-session';
import { createCappedOutput, execOutputTooLarge } from './exec-output';
import { createLineSplitter, lineTooLongMessage } from './line-splitter';

const stopGraceMs = 2_000;

/**
 * "This machine" as a HostSession. Commands run through child_process with no shell at all
 * (argv goes straight to execve), each in its own process group so stopping a stream also
 * ends what it started. A missing program reads as exit 127, as a remote `sh` reports it.
 */
export function createLocalHost(): HostSession {
  let current: HostConnectionState = { state: 'connected', sinceMs: Date.now() };
  const listeners = new Set<(state: HostConnectionState) => void>();
  const running = new Set<ChildProcess>();
  const assertOpen = (): void => {
    if (current.state === 'closed') throw new AppError('unreachable', 'this host session is closed');
  };
  return {
    label: 'local',
    async exec(argv, options) {
      assertOpen();
      return execLocal(argv, options ?? {}, running);
    },
    async stream(argv, handlers) {
      assertOpen();
      return streamLocal(argv, handlers, running);
    },
    state: () => current,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      for (const child of running) killGroup(child, 'SIGKILL');
      current = { state: 'closed' };
      for (const listener of listeners) listener(current);
    },
  };
}

function spawnGroup(argv: readonly string[]): ChildProcess {
  const [program, ...args] = argv;
  if (program === undefined) throw new AppError('invalid_input', 'a command needs at least one word');
  // detached = a new process group, so killGroup reaches children of shell loops too.
  return spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone between the check and the kill.
  }
}

function execLocal(argv: readonly string[], options: ExecOptions, running: Set<ChildProcess>): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(argv);
    running.add(child);
    const stdout = createCappedOutput();
    const stderr = createCappedOutput();
    const collect = (output: typeof stdout, stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (output.add(chunk)) return;
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(execOutputTooLarge({ program: argv[0]!, where: 'this machine', stream, command: argv }));
    };
    child.stdout?.on('data', collect(stdout, 'stdout'));
    child.stderr?.on('data', collect(stderr, 'stderr'));
    const timeoutMs = options.timeoutMs ?? defaultExecTimeoutMs;
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new AppError('timeout', `${argv[0]} did not finish within ${timeoutMs} ms on this machine`, { details: { argv } }));
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      running.delete(child);
      if (error.code === 'ENOENT') resolve({ stdout: '', stderr: `${argv[0]}: not found\n`, exitCode: 127 });
      else reject(new AppError('remote_command_failed', `could not start ${argv[0]}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode: code });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}

function streamLocal(argv: readonly string[], handlers: StreamHandlers, running: Set<ChildProcess>): Promise<StreamHandle> {
  const child = spawnGroup(argv);
  running.add(child);
  let stopped = false;
  const out = createLineSplitter((line) => handlers.onStdoutLine(line), { onTooLong: () => handlers.onNotice?.(lineTooLongMessage('stdout', 'this machine')) });
  const err = createLineSplitter((line) => handlers.onStderrLine?.(line), { onTooLong: () => handlers.onNotice?.(lineTooLongMessage('stderr', 'this machine')) });
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin?.end();
  const ended = new Promise<StreamEnd>((resolve) => {
    child.on('error', () => {
      running.delete(child);
      resolve({ exitCode: 127, reason: 'exited' });
    });
    child.on('close', (code) => {
      running.delete(child);
      out.flush();
      err.flush();
      resolve({ exitCode: code, reason: stopped ? 'stopped' : 'exited' });
    });
  });
  const stop = async (): Promise<StreamEnd> => {
    stopped = true;
    killGroup(child, 'SIGTERM');
    const grace = setTimeout(() => killGroup(child, 'SIGKILL'), stopGraceMs);
    const end = await ended;
    clearTimeout(grace);
    return end;
  };
  return Promise.resolve({ ended, stop });
}
