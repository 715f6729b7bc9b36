import { setTimeout as delay } from 'node:timers/promises';
import type { EventBus } from '../events';
import type { AttachRunOptions } from '../host-service/host-service';
import { WorkspaceTelemetry } from '../host-service/workspace-telemetry';
import type { HostSession } from '../hosts/host-session';
import type { AttachmentRun, RunAttachment } from './run-attachments';
import type { RunTelemetryHandle } from './run-telemetry';

/** Where a run's host telemetry comes from: a recorder into its folder, or null when nothing can be measured. */
export type TelemetrySource = (run: AttachmentRun) => Promise<RunTelemetryHandle | null>;

/** How long the load waits for the host's first sample: a few sampling intervals and the sampler's start-up, on a busy host too. */
const firstSampleWaitMs = 5_000;

/**
 * Host telemetry beside a run: recording starts before the load, which waits for the first
 * sample (a few seconds at most), so the host at rest is on record before the first request;
 * the load's t = 0 is noted when it starts, and the recorder stops after the last request, once
 * its last sample is on disk. Its summary becomes the summary's `telemetry`.
 */
export function telemetryAttachment(source: TelemetrySource): RunAttachment {
  return {
    name: 'host telemetry',
    async prepare(run) {
      const recorder = await source(run);
      if (recorder === null) return null;
      await Promise.race([recorder.firstRecord, delay(firstSampleWaitMs, undefined, { ref: false })]);
      return { begin: (originMs) => recorder.setRunStartT(originMs), finish: async () => ({ telemetry: await recorder.stop() }) };
    },
  };
}

/**
 * The run's workspace host, by the plan's `withTelemetry`: false never records; true connects
 * the host first (a failure to connect becomes the summary's note); absent records when the host
 * is already connected.
 */
export function workspaceTelemetrySource(hosts: { attachRun(options: AttachRunOptions): Promise<RunTelemetryHandle | null> }): TelemetrySource {
  return async ({ runId, record, folder }) => {
    if (record.workspaceId === undefined || record.plan.withTelemetry === false) return null;
    return hosts.attachRun({ workspaceId: record.workspaceId, runId, folder, connect: record.plan.withTelemetry === true });
  };
}

/**
 * A host session opened for one command (`llmwb run --host …`), outside any workspace: its
 * telemetry stream starts with the first run that records it and ends with the last one.
 */
export function sessionTelemetrySource(session: HostSession, options: { bus: EventBus; label: string }): TelemetrySource {
  const relay = new WorkspaceTelemetry('command-line', { bus: options.bus, onChange: () => undefined });
  return async ({ runId, folder }) => {
    await relay.start(session, { intervalMs: 1_000, owner: 'runs' });
    return relay.attachRun({ runId, folder, host: options.label, runStartT: null });
  };
}
