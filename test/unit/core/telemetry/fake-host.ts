import type { HostConnectionState } from '../../../../src-shared/schemas/host';
import type { HostSession, StreamEnd, StreamHandle, StreamHandlers } from '../../../../src-main/core/hosts/host-session';

/**
 * A HostSession whose streams are driven by the test: `emit` feeds stdout lines to the open
 * stream, `drop` ends it as a lost link and moves the state, `reconnect` brings it back.
 */
export class ScriptedHost implements HostSession {
  readonly label = 'scripted';
  streamsOpened = 0;
  private current: HostConnectionState = { state: 'connected', sinceMs: 0 };
  private readonly listeners = new Set<(state: HostConnectionState) => void>();
  private open: { handlers: StreamHandlers; end: (end: StreamEnd) => void } | null = null;

  async exec(): Promise<never> {
    throw new Error('exec is not scripted');
  }

  async stream(_argv: readonly string[], handlers: StreamHandlers): Promise<StreamHandle> {
    this.streamsOpened += 1;
    let end: (value: StreamEnd) => void = () => undefined;
    const ended = new Promise<StreamEnd>((resolve) => (end = resolve));
    this.open = { handlers, end };
    return { ended, stop: async () => (end({ exitCode: null, reason: 'stopped' }), ended) };
  }

  emit(lines: readonly string[]): void {
    for (const line of lines) this.open?.handlers.onStdoutLine(line);
  }

  emitStderr(line: string): void {
    this.open?.handlers.onStderrLine?.(line);
  }

  /** What a real host says when it skipped an over-long line. */
  notice(message: string): void {
    this.open?.handlers.onNotice?.(message);
  }

  drop(): void {
    this.open?.end({ exitCode: null, reason: 'disconnected' });
    this.open = null;
    this.setState({ state: 'reconnecting', attempt: 1, nextAttemptInMs: 100, reason: { code: 'unreachable', message: 'dropped' } });
  }

  reconnect(): void {
    this.setState({ state: 'connected', sinceMs: 1 });
  }

  state = (): HostConnectionState => this.current;
  onState(listener: (state: HostConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    this.setState({ state: 'closed' });
  }
  private setState(state: HostConnectionState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** A sampler record whose host clock reads `uptimeS` and whose CPU counters have advanced by `step`. */
export function samplerRecord(uptimeS: number, step: number): string[] {
  const cpu = (id: string, busy: number, idle: number): string => `${id} ${busy} 0 0 ${idle} 0 0 0 0 0 0`;
  return [
    '@@begin',
    '==> /proc/uptime <==',
    `${uptimeS.toFixed(2)} 0.00`,
    '',
    '==> /proc/stat <==',
    cpu('cpu ', 60 * step, 140 * step),
    cpu('cpu0', 50 * step, 50 * step),
    cpu('cpu1', 10 * step, 90 * step),
    '',
    '==> /proc/meminfo <==',
    'MemTotal: 1000 kB',
    'MemAvailable: 600 kB',
    '@@end',
  ];
}
