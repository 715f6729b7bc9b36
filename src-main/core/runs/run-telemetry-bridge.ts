import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFinished, RunProgress } from '../../../src-shared/schemas/run-result';
import type { RunTelemetrySummary } from '../../../src-shared/schemas/telemetry-sample';
import type { EventBus } from '../events';
import type { AttachRunOptions } from '../host-service/host-service';
import { RunFolder } from '../store/run-folder';
import { houseClock } from '../clock';
import type { RunTelemetryHandle } from './run-telemetry';
import type { RunsRepo } from './runs-repo';

export interface RunTelemetryBridgeDeps {
  bus: EventBus;
  runsRepo: Pick<RunsRepo, 'get' | 'update'>;
  runsDir: string;
  attach(options: AttachRunOptions): Promise<RunTelemetryHandle | null>;
  clock?: () => number;
}

/**
 * Records host telemetry for runs from their events, for as long as run-service does not call
 * the hook itself (issue #4: the run service belongs to the load generator's work). The first
 * run.progress of a run in a workspace with a measurable host attaches the recorder — its
 * `elapsedS` also fixes the load's t = 0 on the house clock — and run.finished stops it, adds
 * the telemetry to summary.json and the index record, then emits run.telemetrySaved.
 * Attaching is idempotent per run, so once run-service attaches first this only finds the
 * recorder already there; it never overwrites a summary that already has telemetry.
 */
export function bridgeRunTelemetry(deps: RunTelemetryBridgeDeps): () => void {
  const clock = deps.clock ?? houseClock;
  const pending = new Map<string, Promise<RunTelemetryHandle | null>>();

  const onProgress = (progress: RunProgress): void => {
    if (pending.has(progress.runId)) return;
    const runStartT = clock() - progress.elapsedS * 1000;
    pending.set(progress.runId, attachFor(deps, progress.runId, runStartT).catch(() => null));
  };
  const onFinished = (finished: RunFinished): void => {
    const handle = pending.get(finished.runId);
    if (handle === undefined) return;
    pending.delete(finished.runId);
    void handle.then((recorder) => (recorder === null ? undefined : saveTelemetry(deps, recorder))).catch(() => undefined);
  };
  const offs = [deps.bus.on('run.progress', onProgress), deps.bus.on('run.finished', onFinished)];
  return () => offs.forEach((off) => off());
}

async function attachFor(deps: RunTelemetryBridgeDeps, runId: string, runStartT: number): Promise<RunTelemetryHandle | null> {
  const record = await deps.runsRepo.get(runId);
  if (record?.workspaceId === undefined || record.plan.withTelemetry === false) return null;
  const recorder = await deps.attach({
    workspaceId: record.workspaceId,
    runId,
    folder: new RunFolder(join(deps.runsDir, runId)),
    runStartT,
    connect: record.plan.withTelemetry === true,
  });
  recorder?.setRunStartT(runStartT);
  return recorder;
}

async function saveTelemetry(deps: RunTelemetryBridgeDeps, recorder: RunTelemetryHandle): Promise<void> {
  const telemetry = await recorder.stop();
  const record = await deps.runsRepo.get(recorder.runId);
  if (record?.summary !== undefined && record.summary.telemetry === undefined) {
    await deps.runsRepo.update(recorder.runId, { summary: { ...record.summary, telemetry } });
  }
  await addToSummaryFile(new RunFolder(join(deps.runsDir, recorder.runId)), telemetry);
  deps.bus.emit('run.telemetrySaved', { runId: recorder.runId, summary: telemetry });
}

/** summary.json is written last by the run; only a run that has one gets the telemetry added. */
async function addToSummaryFile(folder: RunFolder, telemetry: RunTelemetrySummary): Promise<void> {
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(await readFile(folder.path('summary'), 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  if (summary.telemetry !== undefined) return;
  await folder.writeJson('summary', { ...summary, telemetry });
  await folder.flush();
}
