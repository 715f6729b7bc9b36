import { AppError, toAppError } from '../../../src-shared/errors';
import type { TelemetryStreamState } from '../../../src-shared/schemas/host-status';
import type { TelemetryGap, TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import type { EventBus } from '../events';
import type { HostSession } from '../hosts/host-session';
import { recordRunTelemetry, type RunTelemetryHandle, type TelemetryFeed } from '../runs/run-telemetry';
import type { RunFolder } from '../store/run-folder';
import { createListeners } from '../telemetry/listeners';
import { createTelemetrySession, type TelemetrySession } from '../telemetry/telemetry-session';
import { RecentTelemetry } from './recent-telemetry';

/** Who asked for the stream: the user (it runs until they stop it) or runs (it ends with the last one). */
export type TelemetryOwner = 'user' | 'runs';

const problemLimit = 5;

/**
 * One workspace host's live telemetry: a single TelemetrySession relayed to the event bus, to
 * the recent-frames buffer and to every run recording it, so a run started while the Host page
 * streams shares the same sampler instead of starting a second one on the host.
 */
export class WorkspaceTelemetry implements TelemetryFeed {
  private session: TelemetrySession | null = null;
  private owner: TelemetryOwner = 'user';
  private interval = 1_000;
  private problemList: string[] = [];
  private readonly recorders = new Map<string, RunTelemetryHandle>();
  private readonly samples = createListeners<TelemetrySample>();
  private readonly gaps = createListeners<TelemetryGap>();
  readonly recent = new RecentTelemetry();

  constructor(
    private readonly workspaceId: string,
    private readonly context: { bus: EventBus; onChange: () => void },
  ) {}

  state(): TelemetryStreamState {
    return this.session?.state() ?? 'off';
  }

  intervalMs(): number {
    return this.interval;
  }

  problems(): string[] {
    return [...this.problemList];
  }

  recordingRunIds(): string[] {
    return [...this.recorders.keys()];
  }

  isStreaming(): boolean {
    const state = this.state();
    return state === 'starting' || state === 'streaming' || state === 'reconnecting';
  }

  onSample = (listener: (sample: TelemetrySample) => void): (() => void) => this.samples.add(listener);
  onGap = (listener: (gap: TelemetryGap) => void): (() => void) => this.gaps.add(listener);

  /**
   * Starts the stream on `host` (restarting it when the interval changes). A user start takes
   * over a stream that runs started, so it keeps going after they end.
   */
  async start(host: HostSession, options: { intervalMs: number; owner: TelemetryOwner }): Promise<void> {
    if (this.isStreaming() && this.interval === options.intervalMs) {
      if (options.owner === 'user') this.owner = 'user';
      return;
    }
    await this.stopStream();
    this.interval = options.intervalMs;
    this.owner = options.owner;
    this.problemList = [];
    this.recent.clear();
    const session = createTelemetrySession(host, { intervalMs: options.intervalMs });
    this.session = session;
    this.wire(session);
    try {
      await session.start();
    } catch (error) {
      this.addProblem(toAppError(error).message);
      throw error;
    } finally {
      this.context.onChange();
    }
  }

  /** Stops the stream; runs recording it keep their folders and stop receiving samples. */
  async stop(): Promise<void> {
    await this.stopStream();
    this.context.onChange();
  }

  /** Records the stream into a run's folder until the returned handle is stopped. Idempotent per run. */
  attachRun(options: { runId: string; folder: RunFolder; host: string; runStartT: number | null }): RunTelemetryHandle {
    const existing = this.recorders.get(options.runId);
    if (existing !== undefined) return existing;
    if (!this.isStreaming()) throw new AppError('conflict', 'no telemetry is streaming from this host');
    const recorder = recordRunTelemetry({ feed: this, ...options, intervalMs: this.interval });
    let stopped: ReturnType<RunTelemetryHandle['stop']> | null = null;
    const handle: RunTelemetryHandle = {
      ...recorder,
      stop: () =>
        (stopped ??= recorder.stop().finally(() => {
          this.recorders.delete(options.runId);
          if (this.recorders.size === 0 && this.owner === 'runs') void this.stop();
          else this.context.onChange();
        })),
    };
    this.recorders.set(options.runId, handle);
    this.context.onChange();
    return handle;
  }

  recorder(runId: string): RunTelemetryHandle | undefined {
    return this.recorders.get(runId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.stop()));
    await this.stopStream();
  }

  private wire(session: TelemetrySession): void {
    session.onSample((sample) => {
      if (this.session !== session) return;
      this.recent.addSample(sample);
      this.context.bus.emit('telemetry.sample', { workspaceId: this.workspaceId, sample });
      this.samples.emit(sample);
    });
    session.onGap((gap) => {
      if (this.session !== session) return;
      this.recent.addGap(gap);
      this.context.bus.emit('telemetry.gap', { workspaceId: this.workspaceId, gap });
      this.gaps.emit(gap);
    });
    session.onProblem((problem) => this.addProblem(problem.message));
    session.onState(() => this.context.onChange());
  }

  private addProblem(message: string): void {
    this.problemList = [...this.problemList.filter((known) => known !== message), message].slice(-problemLimit);
    this.context.onChange();
  }

  private async stopStream(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.stop();
  }
}
