import { latencyMetricIds, type LatencyMetricId } from '../../../src-shared/metrics/definitions';
import { percentileMs } from '../../../src-shared/metrics/percentiles';
import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import { addEncodedHistograms, createLatencyHistograms, type LatencyHistograms } from './histograms';
import type { SnapshotMessage } from './worker/protocol';
import { zeroCounts } from './worker/worker-metrics';

/** Index of the last second of a run bounded to `durationMs` (a 2 s run has seconds 0 and 1). */
export function lastSecondOf(durationMs: number): number {
  return Math.max(0, Math.ceil(durationMs / 1000) - 1);
}

/** Counters summed over a stretch of the run (one second, one stage, or the whole run). */
export interface RunCounts {
  completed: number;
  failed: number;
  cancelled: number;
  good: number;
  late: number;
  dropped: number;
  sent: number;
  outputTokens: number;
  promptTokens: number;
  /** Output tokens received by requests cancelled at the end and by failed ones (their content chunks). */
  cancelledOutputTokens: number;
  failedOutputTokens: number;
  /** Requests sent again on a fresh connection after a reused one proved closed. */
  staleRetries: number;
  /** Workers that began opening a new connection per request. */
  freshConnectionSwitches: number;
  /** Requests the client ended (cancelled, timed out) after the server had begun answering. */
  cutShort: number;
  errors: Record<string, number>;
  tokenSources: { usage: number; timings: number; chunks: number; disagreed?: number };
}

const summedCounts = ['completed', 'failed', 'cancelled', 'good', 'late', 'dropped', 'sent', 'outputTokens', 'promptTokens'] as const;
/** Counts a SecondDelta may leave out (issue #10 added them). */
const optionalCounts = ['cancelledOutputTokens', 'failedOutputTokens', 'staleRetries', 'freshConnectionSwitches', 'cutShort'] as const;

export function emptyCounts(): RunCounts {
  return { ...zeroCounts(), errors: {}, tokenSources: { usage: 0, timings: 0, chunks: 0 } };
}

type CountsDelta = Omit<RunCounts, 'errors' | (typeof optionalCounts)[number]> & Partial<Pick<RunCounts, (typeof optionalCounts)[number]>> & { errors: Partial<Record<string, number>> };

function addCounts(target: RunCounts, delta: CountsDelta): void {
  for (const key of summedCounts) target[key] += delta[key];
  for (const key of optionalCounts) target[key] += delta[key] ?? 0;
  target.tokenSources.usage += delta.tokenSources.usage;
  target.tokenSources.timings += delta.tokenSources.timings;
  target.tokenSources.chunks += delta.tokenSources.chunks;
  target.tokenSources.disagreed = (target.tokenSources.disagreed ?? 0) + (delta.tokenSources.disagreed ?? 0);
  for (const [errorClass, count] of Object.entries(delta.errors)) target.errors[errorClass] = (target.errors[errorClass] ?? 0) + (count ?? 0);
}

export interface Bucket {
  counts: RunCounts;
  histograms: LatencyHistograms;
}

/** Phase index of the measured window in a SecondDelta (0 warm-up, 1 measured, 2 cool-down). */
const measuredPhase = 1;

/**
 * Merges worker snapshots into run totals and one SeriesPoint per second.
 *
 * A worker's snapshot taken at elapsed t holds every request of that worker that ended before
 * t, so second s is complete — and closed — once every live worker has reported past the end
 * of s. Interval counts are summed before rates are computed; histograms are merged with add.
 */
export class SeriesAccumulator {
  /** Everything, warm-up and cool-down included: what the live progress shows. */
  readonly totals: Bucket = { counts: emptyCounts(), histograms: createLatencyHistograms(64) };
  /** Requests scheduled in the measured window: what the summary reports. */
  readonly measured: Bucket = { counts: emptyCounts(), histograms: createLatencyHistograms(64) };
  /** The measured window per stage (sparse 'packed' histograms: a profile can have many stages). */
  readonly stages = new Map<number, Bucket>();
  private readonly buckets = new Map<number, Bucket>();
  private readonly reportedMs: number[];
  private readonly inFlightByWorker: number[];
  private nextSecond = 0;

  /**
   * @param lastSecond index of the run's last second (from its duration bound). It is closed
   * only by closeAll: requests that end after the deadline but before the workers noticed it
   * are folded into it by the workers, so it must stay open until they are done.
   */
  constructor(
    workerCount: number,
    private readonly lastSecond: number,
    /** Start (s) of each stage window, to tag each second with its stage. */
    private readonly stageStartsS: readonly number[] = [0],
  ) {
    this.reportedMs = new Array<number>(workerCount).fill(0);
    this.inFlightByWorker = new Array<number>(workerCount).fill(0);
  }

  get inFlight(): number {
    return this.inFlightByWorker.reduce((sum, value) => sum + value, 0);
  }

  applySnapshot(snapshot: SnapshotMessage): void {
    for (const delta of snapshot.seconds) {
      const targets = [this.bucket(delta.second), this.totals];
      if (delta.phase === measuredPhase) targets.push(this.measured, this.stageBucket(delta.stage));
      for (const target of targets) addCounts(target.counts, delta);
      addEncodedHistograms(delta.histograms, targets.map((target) => target.histograms));
    }
    this.reportedMs[snapshot.workerIndex] = Math.max(this.reportedMs[snapshot.workerIndex] ?? 0, snapshot.elapsedMs);
    this.inFlightByWorker[snapshot.workerIndex] = snapshot.inFlight;
  }

  /** A finished (or terminated) worker holds no second open any more. */
  markWorkerFinished(workerIndex: number): void {
    this.reportedMs[workerIndex] = Number.POSITIVE_INFINITY;
    this.inFlightByWorker[workerIndex] = 0;
  }

  /** Closes every second that all workers have reported past; returns their points in order. */
  closeCompleteSeconds(): SeriesPoint[] {
    const reportedMs = Math.min(...this.reportedMs);
    const points: SeriesPoint[] = [];
    while (Number.isFinite(reportedMs) && this.nextSecond < this.lastSecond && (this.nextSecond + 1) * 1000 <= reportedMs) points.push(this.closeSecond(1));
    return points;
  }

  /**
   * At the end of the run: closes everything up to `endElapsedMs`, the last second with its
   * real (partial) length. Requests cancelled at the end land a hair after it and join the
   * last point, so no second exists past the end.
   */
  closeAll(endElapsedMs: number): SeriesPoint[] {
    const lastSecond = Math.max(this.nextSecond, Math.min(this.lastSecond, Math.ceil(endElapsedMs / 1000) - 1));
    this.foldLaterBucketsInto(lastSecond);
    const points: SeriesPoint[] = [];
    while (this.nextSecond < lastSecond) points.push(this.closeSecond(1));
    const lengthS = Math.min(1, endElapsedMs / 1000 - lastSecond);
    const last = this.buckets.get(lastSecond);
    if (lengthS > 0.001 || (last && last.counts.completed + last.counts.failed > 0)) points.push(this.closeSecond(Math.max(lengthS, 0.001)));
    this.buckets.clear();
    return points;
  }

  private closeSecond(lengthS: number): SeriesPoint {
    const second = this.nextSecond;
    const bucket = this.buckets.get(second);
    this.buckets.delete(second);
    this.nextSecond += 1;
    let stage = 0;
    while (stage + 1 < this.stageStartsS.length && this.stageStartsS[stage + 1]! <= second) stage += 1;
    return seriesPoint(second, bucket, { lengthS, inFlight: this.inFlight, stage });
  }

  private stageBucket(stage: number): Bucket {
    let bucket = this.stages.get(stage);
    if (!bucket) {
      bucket = { counts: emptyCounts(), histograms: createLatencyHistograms('packed') };
      this.stages.set(stage, bucket);
    }
    return bucket;
  }

  private foldLaterBucketsInto(second: number): void {
    for (const [key, bucket] of this.buckets) {
      if (key <= second) continue;
      const target = this.bucket(second);
      addCounts(target.counts, bucket.counts);
      for (const metric of latencyMetricIds) target.histograms[metric].add(bucket.histograms[metric]);
      this.buckets.delete(key);
    }
  }

  private bucket(second: number): Bucket {
    // Data for a second already closed (a worker's clock a hair behind) joins the open second.
    const key = Math.max(second, this.nextSecond);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { counts: emptyCounts(), histograms: createLatencyHistograms(32) };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

function seriesPoint(second: number, bucket: Bucket | undefined, context: { lengthS: number; inFlight: number; stage: number }): SeriesPoint {
  const counts = bucket?.counts ?? emptyCounts();
  const histograms = bucket?.histograms;
  const at = (metric: LatencyMetricId, percentile: number): number | null => (histograms ? percentileMs(histograms[metric], percentile) : null);
  return {
    tS: second,
    completed: counts.completed,
    failed: counts.failed,
    outputTokens: counts.outputTokens,
    requestsPerS: counts.completed / context.lengthS,
    outputTokensPerS: counts.outputTokens / context.lengthS,
    ttftP50Ms: at('ttft', 50),
    ttftP95Ms: at('ttft', 95),
    itlP50Ms: at('itl', 50),
    e2eP50Ms: at('e2e', 50),
    inFlight: context.inFlight,
    goodputPerS: counts.good / context.lengthS,
    sent: counts.sent,
    late: counts.late,
    dropped: counts.dropped,
    stage: context.stage,
    ttftP99Ms: at('ttft', 99),
    itlP99Ms: at('itl', 99),
    tpotP50Ms: at('tpot', 50),
    e2eP95Ms: at('e2e', 95),
    errors: { ...counts.errors },
  };
}
