import { AppError, toAppError } from '../../../src-shared/errors';
import type { HostConnectionState } from '../../../src-shared/schemas/host';
import type { GpuSample, TelemetryGap, TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import { byteSizeLabel } from '../hosts/capped-read';
import type { HostSession, StreamEnd, StreamHandle } from '../hosts/host-session';
import { deriveSample } from './derive-sample';
import { nvidiaReadingToSample, nvidiaStreamFields, parseNvidiaSmiLine } from './parse-nvidia-smi';
import { parseSamplerHello, parseSamplerRecord, type HostSnapshot, type SamplerHello } from './sampler-record';
import { samplerArgv } from './sampler-script';
import { createListeners } from './listeners';
import { houseClock } from '../clock';

/** `starting` until the first record, `streaming`, `reconnecting` while the link or sampler is down. */
export type TelemetryState = 'idle' | 'starting' | 'streaming' | 'reconnecting' | 'stopped' | 'failed';

/** Options of createTelemetrySession; all optional. */
export interface TelemetrySessionOptions {
  /** 250–5 000 ms; default 1 000. */
  intervalMs?: number;
  /** The inference server's pid on that host, to sample its CPU time and threads. */
  serverPid?: number;
  /** The house clock (epoch ms with fractions). Default houseClock (clock.ts). */
  clock?: () => number;
}

/** A live telemetry stream of one host (see createTelemetrySession). */
export interface TelemetrySession {
  /** Starts the sampler; resolves once its command runs. Rejects if it cannot start. */
  start(): Promise<void>;
  /** Stops the sampler (its remote loop ends) and stops reconnecting. */
  stop(): Promise<void>;
  state(): TelemetryState;
  /** The running sampler's pid on the host and its tick rate, once its first line arrived (for cost checks). */
  sampler(): SamplerHello | null;
  onSample(listener: (sample: TelemetrySample) => void): () => void;
  onGap(listener: (gap: TelemetryGap) => void): () => void;
  /** Non-fatal trouble: an unreadable record, a GPU tool error. Each distinct message once. */
  onProblem(listener: (problem: AppError) => void): () => void;
  onState(listener: (state: TelemetryState) => void): () => void;
}

/**
 * 4 MiB characters per sampler record (the lines between `@@begin` and `@@end`). A record of a
 * 1,024-CPU host with hundreds of disks and network devices is about 300 KiB; a record that
 * never ends (a sampler gone wrong, a hostile host) must not grow without bound.
 */
export const maxRecordChars = 4 * 1024 * 1024;


/**
 * Streams a host's telemetry from one long-lived remote sh loop (sampler-script.ts), parsed
 * incrementally as lines arrive. Samples are stamped on the house clock at the instant the
 * host read them: host uptime plus the smallest (receive time − uptime) seen, so transport
 * jitter does not move samples. When the link drops the state goes `reconnecting`; once the
 * host is connected again the sampler restarts from a fresh baseline and a TelemetryGap
 * covering the hole is emitted — nothing is averaged across it.
 */
export function createTelemetrySession(host: HostSession, options: TelemetrySessionOptions = {}): TelemetrySession {
  return new LiveTelemetrySession(host, options);
}

class LiveTelemetrySession implements TelemetrySession {
  private readonly argv: string[];
  private readonly intervalMs: number;
  private readonly clock: () => number;
  private readonly serverPid: number | null;
  private current: TelemetryState = 'idle';
  private handle: StreamHandle | null = null;
  private record: string[] | null = null;
  private recordChars = 0;
  private hello: SamplerHello | null = null;
  private previous: HostSnapshot | null = null;
  private offsetMs: number | null = null;
  private lastDataT: number | null = null;
  private pendingGap: { startT: number; reason: string } | null = null;
  private readonly nvidia = new Map<number, { sample: GpuSample; receivedAt: number }>();
  private readonly problemsSeen = new Set<string>();
  private restarting = false;
  private restartsWithoutData = 0;
  private unsubscribeHost: (() => void) | null = null;
  private readonly samples = createListeners<TelemetrySample>();
  private readonly gaps = createListeners<TelemetryGap>();
  private readonly problems = createListeners<AppError>();
  private readonly states = createListeners<TelemetryState>();

  constructor(
    private readonly host: HostSession,
    options: TelemetrySessionOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.serverPid = options.serverPid ?? null;
    this.argv = samplerArgv({ intervalMs: this.intervalMs, serverPid: options.serverPid });
    this.clock = options.clock ?? houseClock;
  }

  async start(): Promise<void> {
    if (this.current !== 'idle') throw new AppError('conflict', `telemetry of ${this.host.label} is already ${this.current}`);
    this.setState('starting');
    this.unsubscribeHost = this.host.onState((state) => this.onHostState(state));
    try {
      await this.openStream();
    } catch (error) {
      this.unsubscribeHost();
      this.setState('failed');
      throw toAppError(error);
    }
  }

  async stop(): Promise<void> {
    if (this.current === 'stopped') return;
    this.setState('stopped');
    this.unsubscribeHost?.();
    const handle = this.handle;
    this.handle = null;
    await handle?.stop();
  }

  state = (): TelemetryState => this.current;
  sampler = (): SamplerHello | null => this.hello;
  onSample = (listener: (sample: TelemetrySample) => void): (() => void) => this.samples.add(listener);
  onGap = (listener: (gap: TelemetryGap) => void): (() => void) => this.gaps.add(listener);
  onProblem = (listener: (problem: AppError) => void): (() => void) => this.problems.add(listener);
  onState = (listener: (state: TelemetryState) => void): (() => void) => this.states.add(listener);

  private async openStream(): Promise<void> {
    this.record = null;
    this.hello = null;
    this.previous = null;
    this.nvidia.clear();
    const handle = await this.host.stream(this.argv, {
      onStdoutLine: (line) => this.onStdoutLine(line),
      onStderrLine: (line) => this.onStderrLine(line),
      onNotice: (message) => this.problem(new AppError('parse_error', `telemetry sampler: ${message}`)),
    });
    if (this.current === 'stopped') {
      await handle.stop();
      return;
    }
    this.handle = handle;
    void handle.ended.then((end) => this.onStreamEnded(handle, end));
  }

  private onStdoutLine(line: string): void {
    if (line === '@@begin') {
      this.record = [];
      this.recordChars = 0;
    } else if (line === '@@end') {
      if (this.record !== null) this.onRecord(this.record);
      this.record = null;
    } else if (this.record !== null) this.addRecordLine(this.record, line);
    else if (line.startsWith('@@hello')) this.hello = parseSamplerHello(line);
  }

  /** Adds a line to the record being read; a record past maxRecordChars is dropped until the next `@@begin`. */
  private addRecordLine(record: string[], line: string): void {
    this.recordChars += line.length + 1;
    if (this.recordChars <= maxRecordChars) {
      record.push(line);
      return;
    }
    this.record = null;
    this.problem(new AppError('parse_error', `telemetry sampler: a record from ${this.host.label} is larger than ${byteSizeLabel(maxRecordChars)}; the workbench reads at most that and skipped it.`));
  }

  private onStderrLine(line: string): void {
    if (line.trim() === '') return;
    try {
      const reading = parseNvidiaSmiLine(line, nvidiaStreamFields);
      this.nvidia.set(reading.index, { sample: nvidiaReadingToSample(reading), receivedAt: this.clock() });
    } catch (error) {
      const message = line.startsWith('@@error') ? `telemetry sampler: ${line.slice(8)}` : toAppError(error).message;
      this.problem(new AppError('parse_error', message));
    }
  }

  private onRecord(lines: readonly string[]): void {
    const receivedAt = this.clock();
    let snapshot: HostSnapshot;
    try {
      snapshot = parseSamplerRecord(lines, { samplerPid: this.hello?.samplerPid ?? null, serverPid: this.serverPid });
    } catch (error) {
      this.problem(toAppError(error));
      return;
    }
    this.offsetMs = Math.min(this.offsetMs ?? Number.POSITIVE_INFINITY, receivedAt - snapshot.uptimeMs);
    const t = snapshot.uptimeMs + this.offsetMs;
    this.restartsWithoutData = 0;
    if (this.current === 'starting' || this.current === 'reconnecting') this.setState('streaming');
    if (this.pendingGap !== null) {
      this.gaps.emit({ kind: 'gap', startT: this.pendingGap.startT, endT: t, reason: this.pendingGap.reason });
      this.pendingGap = null;
    }
    const sample = this.previous !== null && this.hello !== null ? deriveSample(this.previous, snapshot, { hello: this.hello, t, nvidiaGpus: this.freshNvidia(receivedAt) }) : null;
    this.previous = snapshot;
    this.lastDataT = t;
    if (sample !== null) this.samples.emit(sample);
  }

  /** NVIDIA readings at most 2.5 intervals old, by index: a stalled nvidia-smi yields no GPU rather than a stale one. */
  private freshNvidia(now: number): GpuSample[] {
    return [...this.nvidia.values()]
      .filter((entry) => now - entry.receivedAt <= 2.5 * this.intervalMs)
      .map((entry) => entry.sample)
      .sort((a, b) => a.index - b.index);
  }

  private onStreamEnded(handle: StreamHandle, end: StreamEnd): void {
    if (this.handle !== handle || this.current === 'stopped' || this.current === 'failed') return;
    this.handle = null;
    const reason = end.reason === 'disconnected' ? 'connection lost' : `sampler exited with code ${String(end.exitCode)}`;
    this.pendingGap ??= { startT: this.lastDataT ?? this.clock(), reason };
    this.restartsWithoutData += 1;
    if (this.restartsWithoutData > 5) {
      this.setState('failed');
      this.problem(new AppError('remote_command_failed', `the telemetry sampler on ${this.host.label} keeps ending (${reason})`));
      return;
    }
    this.setState('reconnecting');
    if (this.host.state().state !== 'connected') return;
    // The link is already back: restart now. A sampler that exited on a live link waits an interval, so a crash cannot spin.
    if (end.reason === 'disconnected') void this.restart();
    else setTimeout(() => void this.restart(), this.intervalMs);
  }

  private onHostState(state: HostConnectionState): void {
    if (this.current === 'stopped' || this.current === 'failed') return;
    if (state.state === 'reconnecting' && this.current === 'streaming') this.setState('reconnecting');
    if (state.state === 'connected' && this.handle === null) void this.restart();
    if (state.state === 'failed' || state.state === 'closed') {
      this.setState('failed');
      if (state.state === 'failed') this.problem(AppError.fromWire(state.reason));
    }
  }

  private async restart(): Promise<void> {
    if (this.restarting || this.handle !== null || this.current === 'stopped' || this.current === 'failed') return;
    this.restarting = true;
    try {
      await this.openStream();
    } catch (error) {
      const reason = toAppError(error);
      // `unreachable` means the link is down again: the next `connected` state restarts us.
      if (reason.code !== 'unreachable') this.problem(reason);
      if (this.host.state().state === 'connected') setTimeout(() => void this.restart(), this.intervalMs);
    } finally {
      this.restarting = false;
    }
  }

  private problem(error: AppError): void {
    if (this.problemsSeen.has(error.message)) return;
    this.problemsSeen.add(error.message);
    this.problems.emit(error);
  }

  private setState(state: TelemetryState): void {
    if (this.current === state) return;
    this.current = state;
    this.states.emit(state);
  }
}
