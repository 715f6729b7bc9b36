import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { ServerSample, ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import type { EventBus } from '../events';
import type { RunFolder } from '../store/run-folder';
import { startServerScrape } from './scrape-loop';

export interface AttachServerScrapeOptions {
  runId: string;
  /** The run's endpoint: base URL and server kind (which adapter reads it). */
  url: string;
  kind: ServerKind;
  folder: RunFolder;
  bus: EventBus;
  /**
   * The load's t = 0 on the house clock, so samples share the run's time axis. When it is not
   * known yet (the scrape starts before the load), samples wait for `setOrigin`; without one by
   * the stop, the first sample is t = 0.
   */
  originMs?: number;
  intervalMs?: number;
  /** The endpoint's API key, when it has one (llama-server wants it for /metrics and /slots). */
  apiKey?: string;
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface ServerScrapeHandle {
  readonly runId: string;
  /** Fixes the load's t = 0 (the first call wins); samples taken before it get a negative `tS`. */
  setOrigin(originMs: number): void;
  /** Resolves at the first sample, or when the scrape ended without one (never rejects). */
  readonly firstSample: Promise<void>;
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
  let origin = options.originMs;
  const early: ServerSample[] = [];
  let markFirst: () => void = () => undefined;
  const firstSample = new Promise<void>((resolve) => (markFirst = resolve));
  const keep = (sample: ServerSample): void => {
    const placed = { ...sample, tS: (sample.t - origin!) / 1000 };
    options.folder.append('server', [placed]);
    options.bus.emit('run.serverSample', { runId: options.runId, sample: placed });
  };
  const setOrigin = (originMs: number): void => {
    if (origin !== undefined) return;
    origin = originMs;
    early.splice(0).forEach(keep);
  };
  const scrape = startServerScrape({
    url: options.url,
    kind: options.kind,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onSample: (sample) => {
      markFirst();
      if (origin === undefined) early.push(sample);
      else keep(sample);
    },
  });
  void scrape.finished.then(markFirst, markFirst);
  return {
    runId: options.runId,
    setOrigin,
    firstSample,
    async stop() {
      const summary = await scrape.stop();
      if (early.length > 0) setOrigin(early[0]!.t);
      await options.folder.flush();
      return summary;
    },
  };
}
