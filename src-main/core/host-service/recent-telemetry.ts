import { toTelemetryFrame, type TelemetryFrame } from '../../../src-shared/schemas/telemetry-frame';
import type { TelemetryGap, TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';

/** 15 minutes at 1 s: what a page opened mid-stream can still draw. */
export const recentFrameLimit = 900;
const recentGapLimit = 100;

/**
 * The tail of a workspace's live telemetry, as frames, so the Host page can draw the last
 * minutes when it opens. Bounded: older frames fall off the front.
 */
export class RecentTelemetry {
  private frames: TelemetryFrame[] = [];
  private gaps: TelemetryGap[] = [];

  constructor(private readonly limit: number = recentFrameLimit) {}

  addSample(sample: TelemetrySample): void {
    this.frames.push(toTelemetryFrame(sample));
    // Trim in batches so the array is not shifted on every sample.
    if (this.frames.length > this.limit * 1.1) this.frames = this.frames.slice(-this.limit);
  }

  addGap(gap: TelemetryGap): void {
    this.gaps.push(gap);
    if (this.gaps.length > recentGapLimit) this.gaps = this.gaps.slice(-recentGapLimit);
  }

  snapshot(): { frames: TelemetryFrame[]; gaps: TelemetryGap[] } {
    const frames = this.frames.slice(-this.limit);
    const firstT = frames[0]?.t ?? Number.POSITIVE_INFINITY;
    return { frames, gaps: this.gaps.filter((gap) => gap.endT >= firstT) };
  }

  clear(): void {
    this.frames = [];
    this.gaps = [];
  }
}
