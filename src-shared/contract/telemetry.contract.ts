import { z } from 'zod';
import { HostStatus } from '../schemas/host-status';
import { EpochMs, Id } from '../schemas/ids';
import { TelemetryFrame } from '../schemas/telemetry-frame';
import { TelemetryGap, TelemetrySample } from '../schemas/telemetry-sample';
import { defineOperation } from './define';

/** The most frames one `runs.telemetry` page carries (about 5 MB for 256 threads). */
export const maxTelemetryPageFrames = 1200;

/** A page of a run's telemetry.jsonl as frames; `nextCursor` is null at the end of what is recorded. */
export const RunTelemetryPage = z.object({
  runId: Id,
  /** The run's workspace: its host's live samples extend this telemetry while the run records. */
  workspaceId: Id.nullable(),
  /** Which host was recorded, null when the run has no telemetry. */
  host: z.string().nullable(),
  /** The load's t = 0 on the house clock, to put telemetry and the run's series on one axis. */
  runStartT: EpochMs.nullable(),
  frames: z.array(TelemetryFrame),
  gaps: z.array(TelemetryGap),
  nextCursor: z.number().int().nonnegative().nullable(),
  /** True while the run still appends to its telemetry. */
  isRecording: z.boolean(),
});
export type RunTelemetryPage = z.infer<typeof RunTelemetryPage>;

const WorkspaceRef = z.object({ workspaceId: Id });

export const telemetryOperations = {
  'telemetry.start': defineOperation({
    summary: 'Start streaming the workspace host’s telemetry (one remote sampling loop); samples arrive as telemetry.sample events.',
    input: WorkspaceRef.extend({ intervalMs: z.number().int().min(250).max(5000).default(1000) }),
    output: HostStatus,
  }),
  'telemetry.stop': defineOperation({
    summary: 'Stop the workspace host’s telemetry stream (runs recording it stop recording).',
    input: WorkspaceRef,
    output: HostStatus,
  }),
  'telemetry.recent': defineOperation({
    summary: 'The frames and gaps of the live stream the core still holds (the last 15 minutes), for a page opened mid-stream.',
    input: WorkspaceRef,
    output: z.object({ frames: z.array(TelemetryFrame), gaps: z.array(TelemetryGap) }),
  }),
  'runs.telemetry': defineOperation({
    summary: 'A page of a run’s recorded host telemetry (telemetry.jsonl), from a byte cursor.',
    input: z.object({ runId: Id, cursor: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(maxTelemetryPageFrames).default(600) }),
    output: RunTelemetryPage,
  }),
} as const;

export const telemetryEvents = {
  /** One host sample as it arrives (about once a second per streaming host). */
  'telemetry.sample': z.object({ workspaceId: Id, sample: TelemetrySample }),
  /** The stream had a hole (link dropped and came back); nothing is drawn across it. */
  'telemetry.gap': z.object({ workspaceId: Id, gap: TelemetryGap }),
} as const;
