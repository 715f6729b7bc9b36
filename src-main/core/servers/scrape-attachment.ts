import { setTimeout as delay } from 'node:timers/promises';
import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import type { EventBus } from '../events';
import type { RunAttachment } from '../runs/run-attachments';
import { attachServerScrape } from './attach-server-scrape';

export interface ScrapeAttachmentDeps {
  bus: EventBus;
  /** The server kind of the run's endpoint (from its workspace); absent or unknown = llama.cpp. */
  endpointKind?: (record: RunRecord) => Promise<ServerKind | undefined>;
  intervalMs?: number;
  clock?: () => number;
}

/** How long the load waits for the server's first scrape (its /props, /metrics and /slots answers). */
const firstSampleWaitMs = 5_000;

/**
 * The server's own view of every run: its /metrics and /slots, about once a second, into
 * server.jsonl and the live charts. Scraping starts before the load, which waits for the first
 * sample (the server at rest, at a negative t), and stops after the last request, once its last
 * sample is on disk; the scrape's summary becomes the summary's `server`.
 */
export function scrapeAttachment(deps: ScrapeAttachmentDeps): RunAttachment {
  return {
    name: 'server scrape',
    async prepare(run) {
      const kind = (await deps.endpointKind?.(run.record)) ?? 'llama.cpp';
      const scrape = attachServerScrape({
        runId: run.runId,
        url: run.record.url,
        kind,
        folder: run.folder,
        bus: deps.bus,
        ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
        ...(deps.clock === undefined ? {} : { clock: deps.clock }),
        ...(run.apiKey === undefined ? {} : { apiKey: run.apiKey }),
      });
      await Promise.race([scrape.firstSample, delay(firstSampleWaitMs, undefined, { ref: false })]);
      return { begin: (originMs) => scrape.setOrigin(originMs), finish: async () => ({ server: await scrape.stop() }) };
    },
  };
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
