import type { ConnectBackoffStats, ErrorClass, ServerOutage } from '../../../src-shared/schemas/run-result';
import { maxOutagesPerWorker, type OutagePiece, type Reachability } from './worker/protocol';

/** What the tracker needs of one finished attempt. */
export interface AttemptOutcome {
  /** Epoch ms the attempt was sent (the connect began). */
  sentMs: number;
  errorClass: ErrorClass | null;
  /** True when the server sent response headers: it was listening and answered. */
  isAnswered: boolean;
}

/**
 * A worker's view of the server going away and coming back. An outage opens at the first
 * refused connection and closes at the first attempt sent after the last refusal that the
 * server answered with HTTP (any status: it is back, even if it answers 503). Timeouts, resets
 * and end-of-run cancellations say nothing either way and neither open nor close one.
 * Attempts arrive in the order they ended, which can differ from the order they were sent.
 */
export class OutageTracker {
  private readonly outages: OutagePiece[] = [];
  private open: OutagePiece | undefined;
  private readonly backoff = { waits: 0, waitedMs: 0, longestWaitMs: 0 };

  recordAttempt(attempt: AttemptOutcome): void {
    if (attempt.errorClass === 'connection_refused') this.addRefusal(attempt.sentMs);
    else if (attempt.isAnswered && this.open && attempt.sentMs >= this.open.lastRefusedMs) {
      this.open.toMs = attempt.sentMs;
      this.open = undefined;
    }
  }

  /** A closed-loop user waited `waitedMs` before retrying after a refusal. */
  recordBackoff(waitedMs: number): void {
    this.backoff.waits += 1;
    this.backoff.waitedMs += waitedMs;
    this.backoff.longestWaitMs = Math.max(this.backoff.longestWaitMs, waitedMs);
  }

  /** Everything since the run started, or undefined while the server never refused. */
  read(): Reachability | undefined {
    if (this.outages.length === 0 && this.backoff.waits === 0) return undefined;
    return { outages: this.outages.map((piece) => ({ ...piece })), backoff: { ...this.backoff } };
  }

  private addRefusal(sentMs: number): void {
    const piece = this.open ?? this.pieceForNewRefusal(sentMs);
    piece.refusedCount += 1;
    piece.fromMs = Math.min(piece.fromMs, sentMs);
    piece.lastRefusedMs = Math.max(piece.lastRefusedMs, sentMs);
  }

  /**
   * A refusal sent before the last outage closed belongs to it (that attempt merely ended
   * after the answer that closed it). Past the cap, the last outage opens again.
   */
  private pieceForNewRefusal(sentMs: number): OutagePiece {
    const last = this.outages.at(-1);
    if (last?.toMs !== undefined && sentMs < last.toMs) return last;
    if (last && this.outages.length >= maxOutagesPerWorker) {
      delete last.toMs;
      this.open = last;
      return last;
    }
    this.open = { fromMs: sentMs, lastRefusedMs: sentMs, refusedCount: 0 };
    this.outages.push(this.open);
    return this.open;
  }
}

interface OutageGroup {
  fromMs: number;
  lastRefusedMs: number;
  /** Latest instant a worker saw the server answer again, over the group's closed pieces. */
  backMs: number | undefined;
  refusedCount: number;
}

/**
 * The run's outages from every worker's: pieces that overlap in time are one outage (the
 * workers saw the same server go away). A merged outage is over once some worker saw the
 * server answer after the last refusal any worker saw; otherwise it lasted to the run's end.
 * `fromS`/`toS` are on the series' time axis (seconds since `runStartMs`).
 */
export function mergeServerOutages(workers: readonly Reachability[], runStartMs: number): ServerOutage[] {
  const pieces = workers.flatMap((worker) => worker.outages).sort((a, b) => a.fromMs - b.fromMs);
  const groups: OutageGroup[] = [];
  for (const piece of pieces) {
    const group = groups.at(-1);
    if (group && piece.fromMs <= Math.max(group.lastRefusedMs, group.backMs ?? 0)) {
      group.lastRefusedMs = Math.max(group.lastRefusedMs, piece.lastRefusedMs);
      group.refusedCount += piece.refusedCount;
      if (piece.toMs !== undefined) group.backMs = Math.max(group.backMs ?? 0, piece.toMs);
    } else groups.push({ fromMs: piece.fromMs, lastRefusedMs: piece.lastRefusedMs, backMs: piece.toMs, refusedCount: piece.refusedCount });
  }
  const toS = (epochMs: number): number => Math.max(0, Math.round(epochMs - runStartMs) / 1000);
  return groups.map((group) => {
    const isOver = group.backMs !== undefined && group.backMs >= group.lastRefusedMs;
    const outage: ServerOutage = { fromMs: group.fromMs, fromS: toS(group.fromMs), refusedCount: group.refusedCount };
    if (isOver) Object.assign(outage, { toMs: group.backMs, toS: toS(group.backMs!) });
    return outage;
  });
}

/** Every worker's closed-loop waits added up; undefined when no user had to wait. */
export function sumConnectBackoff(workers: readonly Reachability[]): ConnectBackoffStats | undefined {
  const waits = workers.reduce((sum, worker) => sum + worker.backoff.waits, 0);
  if (waits === 0) return undefined;
  const waitedMs = workers.reduce((sum, worker) => sum + worker.backoff.waitedMs, 0);
  const longestWaitMs = Math.max(...workers.map((worker) => worker.backoff.longestWaitMs));
  return { waits, waitedS: Math.round(waitedMs) / 1000, longestWaitMs: Math.round(longestWaitMs) };
}
