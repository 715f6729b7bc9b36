import type { BusyStats, RunTelemetrySummary, TelemetryGap, TelemetryRecord, TelemetrySample, TelemetrySummary } from '../../../src-shared/schemas/telemetry-sample';
import type { RunFolder } from '../store/run-folder';
import { summarizeTelemetry } from '../telemetry/telemetry-summary';

/** What a recorder listens to: a TelemetrySession, or a workspace host's relay of one. */
export interface TelemetryFeed {
  onSample(listener: (sample: TelemetrySample) => void): () => void;
  onGap(listener: (gap: TelemetryGap) => void): () => void;
}

/** A run's telemetry being recorded. `stop` is idempotent: every call resolves with the same summary. */
export interface RunTelemetryHandle {
  readonly runId: string;
  readonly host: string;
  /** The load's t = 0 on the house clock, when known. */
  runStartT(): number | null;
  /** Notes the load's t = 0 (house clock) for the summary; the first call wins. */
  setRunStartT(t: number): void;
  /** Resolves when the first sample or gap is recorded (never rejects; may never resolve if none comes). */
  readonly firstRecord: Promise<void>;
  stop(): Promise<RunTelemetrySummary>;
}

export interface RecordRunTelemetryOptions {
  feed: TelemetryFeed;
  folder: RunFolder;
  runId: string;
  /** The host's label for the summary (`user@host:port`, `this machine`). */
  host: string;
  intervalMs: number;
  runStartT?: number | null;
}

/**
 * Folds per-record summaries into one: peaks by max, means weighted by sample count, so a
 * run's summary is exact without holding an hour of samples in memory.
 */
export class TelemetrySummaryAccumulator {
  private samples = 0;
  private gaps = 0;
  private readonly cpus = new Map<string, BusyStats>();
  private readonly gpus = new Map<string, BusyStats>();

  add(record: TelemetryRecord): void {
    const part = summarizeTelemetry([record]);
    this.samples += part.samples;
    this.gaps += part.gaps;
    for (const stats of part.cpus) fold(this.cpus, stats);
    for (const stats of part.gpus) fold(this.gpus, stats);
  }

  summary(): TelemetrySummary {
    return { samples: this.samples, gaps: this.gaps, cpus: [...this.cpus.values()], gpus: [...this.gpus.values()] };
  }
}

function fold(map: Map<string, BusyStats>, stats: BusyStats): void {
  const current = map.get(stats.id);
  if (current === undefined) {
    map.set(stats.id, { ...stats });
    return;
  }
  const samples = current.samples + stats.samples;
  current.meanPct = samples === 0 ? 0 : (current.meanPct * current.samples + stats.meanPct * stats.samples) / samples;
  current.peakPct = Math.max(current.peakPct, stats.peakPct);
  current.samples = samples;
}

/**
 * Records a feed into the run folder's telemetry.jsonl (one line per sample or gap, appended
 * as it arrives, house-clock timestamps as the session stamped them) and keeps the run's
 * busy summary. Nothing is written after `stop`.
 */
export function recordRunTelemetry(options: RecordRunTelemetryOptions): RunTelemetryHandle {
  const accumulator = new TelemetrySummaryAccumulator();
  let firstT: number | null = null;
  let lastT: number | null = null;
  let runStartT = options.runStartT ?? null;
  let markFirst: () => void = () => undefined;
  const firstRecord = new Promise<void>((resolve) => (markFirst = resolve));
  const write = (record: TelemetryRecord): void => {
    markFirst();
    accumulator.add(record);
    if (record.kind === 'sample') {
      firstT ??= record.t - record.intervalMs;
      lastT = record.t;
    }
    options.folder.append('telemetry', [record]);
  };
  const offs = [options.feed.onSample(write), options.feed.onGap(write)];
  let stopped: Promise<RunTelemetrySummary> | null = null;
  const stop = async (): Promise<RunTelemetrySummary> => {
    offs.forEach((off) => off());
    await options.folder.flush();
    return { ...accumulator.summary(), host: options.host, intervalMs: options.intervalMs, runStartT, firstT, lastT };
  };
  return {
    runId: options.runId,
    host: options.host,
    runStartT: () => runStartT,
    firstRecord,
    setRunStartT: (t) => {
      runStartT ??= t;
    },
    stop: () => (stopped ??= stop()),
  };
}
