import { join } from 'node:path';
import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { RunFinished, RunProgress, RunRecord } from '../../../src-shared/schemas/run-result';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import type { EventBus } from '../events';
import { RunFolder } from '../store/run-folder';
import type { ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import { attachServerScrape, type ServerScrapeHandle } from './attach-server-scrape';
import { houseClock } from '../clock';

export interface RunScrapeBridgeDeps {
  bus: EventBus;
  runsRepo: { get(id: string): Promise<RunRecord | undefined> };
  runsDir: string;
  /** The server kind of the run's endpoint (from its workspace); absent or unknown = llama.cpp. */
  endpointKind?: (record: RunRecord) => Promise<ServerKind | undefined>;
  /** The endpoint's API key from the secrets store, when the plan names one. */
  apiKey?: (record: RunRecord) => Promise<string | undefined>;
  clock?: () => number;
  intervalMs?: number;
  /** Told when a run's scrape has stopped and its last sample is on disk (the CLI waits for it before exporting). */
  onStopped?: (runId: string, summary: ServerScrapeSummary | null) => void;
}

/**
 * Scrapes each run's server from the run's own events, until run-service calls
 * attachServerScrape itself (the run service belongs to the load generator's work): the first
 * run.progress of a run starts the scrape — its `elapsedS` fixes the load's t = 0 on the house
 * clock, so server samples share the run's time axis — and run.finished stops it after the
 * last scrape is on disk. Returns the unsubscribe function.
 */
export function bridgeServerScrape(deps: RunScrapeBridgeDeps): () => void {
  const clock = deps.clock ?? houseClock;
  const live = new Map<string, Promise<ServerScrapeHandle | null>>();
  const onProgress = (progress: RunProgress): void => {
    if (live.has(progress.runId)) return;
    const originMs = clock() - progress.elapsedS * 1000;
    live.set(progress.runId, attach(deps, { runId: progress.runId, originMs }).catch(() => null));
  };
  const onFinished = (finished: RunFinished): void => {
    const handle = live.get(finished.runId);
    if (handle === undefined) return;
    live.delete(finished.runId);
    void handle
      .then((scrape) => scrape?.stop() ?? null)
      .catch(() => null)
      .then((summary) => deps.onStopped?.(finished.runId, summary));
  };
  const offs = [deps.bus.on('run.progress', onProgress), deps.bus.on('run.finished', onFinished)];
  return () => {
    offs.forEach((off) => off());
    for (const handle of live.values()) void handle.then((scrape) => scrape?.stop()).catch(() => undefined);
    live.clear();
  };
}

async function attach(deps: RunScrapeBridgeDeps, run: { runId: string; originMs: number }): Promise<ServerScrapeHandle | null> {
  const record = await deps.runsRepo.get(run.runId);
  if (record === undefined) return null;
  const kind = (await deps.endpointKind?.(record)) ?? 'llama.cpp';
  const apiKey = await deps.apiKey?.(record);
  return attachServerScrape({
    runId: run.runId,
    url: record.url,
    kind,
    folder: new RunFolder(join(deps.runsDir, run.runId)),
    bus: deps.bus,
    originMs: run.originMs,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
    ...(apiKey === undefined ? {} : { apiKey }),
  });
}

/** Looks a run's endpoint up in its workspace for its server kind; undefined when either is gone. */
export function endpointKindFrom(workspaces: { get(workspaceId: string): Promise<Workspace> }): (record: RunRecord) => Promise<ServerKind | undefined> {
  return async (record) => {
    if (record.workspaceId === undefined || record.endpointId === undefined) return undefined;
    try {
      const workspace = await workspaces.get(record.workspaceId);
      return workspace.endpoints.find((endpoint) => endpoint.id === record.endpointId)?.kind;
    } catch {
      return undefined;
    }
  };
}
