import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { ServerSample, ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';

/**
 * Folds samples into a ServerScrapeSummary as they are taken (no sample is kept). Everything
 * it needs is in the samples, so the same fold over server.jsonl rebuilds a run's summary.
 */
export class ScrapeSummaryBuilder {
  private samples = 0;
  private failed = 0;
  private readonly notes: string[] = [];
  private slotUseSum = 0;
  private slotUseCount = 0;
  private maxSlotUse: number | null = null;
  private maxWaiting: number | null = null;
  private maxKv: number | null = null;
  private gaveUp: string | null = null;
  metricsAvailable = false;
  slotsAvailable = false;

  constructor(private readonly kind: ServerKind) {}

  add(sample: ServerSample): void {
    this.samples += 1;
    if (sample.errors !== undefined) this.failed += 1;
    if (sample.metrics !== null) this.metricsAvailable = true;
    if (sample.slots !== null) this.slotsAvailable = true;
    const { slotUse, waiting, kvCacheUsage } = sample.derived;
    if (slotUse !== null) {
      this.slotUseSum += slotUse;
      this.slotUseCount += 1;
      this.maxSlotUse = Math.max(this.maxSlotUse ?? 0, slotUse);
    }
    if (waiting !== null) this.maxWaiting = Math.max(this.maxWaiting ?? 0, waiting);
    if (kvCacheUsage !== null) this.maxKv = Math.max(this.maxKv ?? 0, kvCacheUsage);
    sample.notes?.forEach((note) => this.note(note));
    if (sample.gaveUp !== undefined) this.gaveUp = sample.gaveUp;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  build(): ServerScrapeSummary {
    return {
      kind: this.kind,
      samples: this.samples,
      failedScrapes: this.failed,
      metricsAvailable: this.metricsAvailable,
      slotsAvailable: this.slotsAvailable,
      notes: [...this.notes],
      gaveUp: this.gaveUp,
      maxSlotUse: this.maxSlotUse,
      meanSlotUse: this.slotUseCount === 0 ? null : this.slotUseSum / this.slotUseCount,
      maxWaiting: this.maxWaiting,
      maxKvCacheUsage: this.maxKv,
    };
  }
}
