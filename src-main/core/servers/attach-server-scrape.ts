import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import type { EventBus } from '../events';
import type { RunFolder } from '../store/run-folder';
import { houseClock } from '../clock';
import { startServerScrape } from './scrape-loop';

export interface AttachServerScrapeOptions {
  runId: string;
  /** The run's endpoint: base URL and server kind (which adapter reads it). */
  url: string;
  kind: ServerKind;
  folder: RunFolder;
  bus: EventBus;
  /** The load's t = 0 on the house clock, so samples share the run's time axis (default: now). */
  originMs?: number;
  intervalMs?: number;
  /** The endpoint's API key, when it has one (llama-server wants it for /metrics and /slots). */
  apiKey?: string;
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface ServerScrapeHandle {
  readonly runId: string;
  /** Stops scraping, waits until every sample is on disk, and returns the summary. */
  stop(): Promise<ServerScrapeSummary>;
}

/**
 * The run's hook into the server's own view: scrapes the endpoint about once a second for as
 * long as the run lasts, appends each sample to `runs/<id>/server.jsonl` as it arrives, and
 * emits it as `run.serverSample` for the live charts. A server without metrics or slots costs
 * the run nothing: it is said once in the samples' notes and the summary.
 */
export function attachServerScrape(options: AttachServerScrapeOptions): ServerScrapeHandle {
  const scrape = startServerScrape({
    url: options.url,
    kind: options.kind,
    originMs: options.originMs ?? (options.clock ?? houseClock)(),
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onSample: (sample) => {
      options.folder.append('server', [sample]);
      options.bus.emit('run.serverSample', { runId: options.runId, sample });
    },
  });
  return {
    runId: options.runId,
    async stop() {
      const summary = await scrape.stop();
      await options.folder.flush();
      return summary;
    },
  };
}
