import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { ServerSample, ServerScrapeSummary } from '../../../src-shared/schemas/server-sample';
import { deriveServerFigures, type ScrapeReading } from './derive-figures';
import { fetchEndpoint, type EndpointAnswer } from './scrape-fetch';
import { ScrapeSummaryBuilder } from './scrape-summary';
import { serverAdapterFor, type ServerAdapter } from './server-adapters';
import { houseClock } from '../clock';


export interface ServerScrapeOptions {
  /** The server's base URL (no trailing path). */
  url: string;
  kind: ServerKind;
  /** Time between scrape starts; default 1000 ms. */
  intervalMs?: number;
  /** Timestamps for samples; default the house clock. */
  clock?: () => number;
  /** The run's t = 0 on the same clock; samples' `tS` count from it (default: the first scrape). */
  originMs?: number;
  onSample: (sample: ServerSample) => void;
  apiKey?: string;
  fetch?: typeof fetch;
  /** Per request; default the interval, at most 5 s. */
  timeoutMs?: number;
  /** Scrapes in a row with no answer at all before the loop gives up; default 10. */
  maxConsecutiveFailures?: number;
}

export interface ServerScrape {
  /** Ends the loop after the scrape in flight and resolves with the summary. */
  stop(): Promise<ServerScrapeSummary>;
  /** Resolves when the loop has ended, by stop() or by itself (gave up, or nothing to scrape). */
  readonly finished: Promise<ServerScrapeSummary>;
}

interface Part<T> {
  path: string | null;
  read: (text: string) => T;
}

/**
 * Polls a server's `/metrics` and `/slots` (per its adapter) about once per interval and hands
 * each scrape to `onSample` as a ServerSample on the house clock. An endpoint that answers 501
 * (disabled), 404 or 401/403 is said once in the sample's notes and not asked again. Failures
 * are bounded: while nothing answers the interval doubles (up to 8×), and after
 * `maxConsecutiveFailures` scrapes in a row without any answer the loop gives up, saying why.
 */
export function startServerScrape(options: ServerScrapeOptions): ServerScrape {
  const loop = new ScrapeLoop(options);
  const finished = loop.run();
  return {
    finished,
    async stop() {
      loop.stop();
      return finished;
    },
  };
}

class ScrapeLoop {
  private readonly adapter: ServerAdapter;
  private readonly clock: () => number;
  private readonly intervalMs: number;
  private readonly summary: ScrapeSummaryBuilder;
  private readonly parts: { metrics: Part<ScrapeReading['metrics']>; slots: Part<ScrapeReading['slots']> };
  private previous: ScrapeReading | null = null;
  private totalSlotsHint: number | null = null;
  private pendingNotes: string[] = [];
  private failuresInRow = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private origin: number | undefined;

  constructor(private readonly options: ServerScrapeOptions) {
    this.adapter = serverAdapterFor(options.kind);
    this.clock = options.clock ?? houseClock;
    this.intervalMs = options.intervalMs ?? 1000;
    this.summary = new ScrapeSummaryBuilder(options.kind);
    this.parts = {
      metrics: { path: this.adapter.metricsPath, read: (text) => this.adapter.readMetrics(text) },
      slots: { path: this.adapter.slotsPath, read: (text) => this.adapter.readSlots(text) },
    };
    this.origin = options.originMs;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  async run(): Promise<ServerScrapeSummary> {
    if (this.parts.metrics.path === null && this.parts.slots.path === null) {
      this.summary.note(this.adapter.nothingToScrape ?? 'This server has nothing to scrape.');
      return this.summary.build();
    }
    await this.readProps();
    let backoff = 1;
    while (!this.stopped) {
      const startedMs = this.clock();
      const answered = await this.scrapeOnce(startedMs);
      if (this.endReason() !== null) break;
      backoff = answered ? 1 : Math.min(8, backoff * 2);
      if (this.stopped) break;
      await this.sleep(Math.max(0, startedMs + this.intervalMs * backoff - this.clock()));
    }
    return this.summary.build();
  }

  /** Why the loop must end now, or null: every endpoint off, or too many failures in a row. */
  private endReason(): string | null {
    if (this.parts.metrics.path === null && this.parts.slots.path === null) return 'nothing left to scrape';
    return this.failuresInRow >= this.failureLimit ? 'gave up' : null;
  }

  private get failureLimit(): number {
    return this.options.maxConsecutiveFailures ?? 10;
  }

  private async readProps(): Promise<void> {
    if (this.adapter.propsPath === null) return;
    const answer = await this.get(this.adapter.propsPath);
    if (answer.kind !== 'ok') return;
    try {
      this.totalSlotsHint = this.adapter.readTotalSlots(JSON.parse(answer.text));
    } catch {
      // /props is only a hint for the slot count; a body we cannot read leaves it unknown.
    }
  }

  /** One scrape; returns whether any endpoint answered. */
  private async scrapeOnce(t: number): Promise<boolean> {
    const [metricsAnswer, slotsAnswer] = await Promise.all([this.getPart(this.parts.metrics), this.getPart(this.parts.slots)]);
    const errors: { metrics?: string; slots?: string } = {};
    const metrics = this.settle({ part: this.parts.metrics, answer: metricsAnswer, onError: (why) => (errors.metrics = why) });
    const slots = this.settle({ part: this.parts.slots, answer: slotsAnswer, onError: (why) => (errors.slots = why) });
    const startMarker = metricsAnswer?.kind === 'ok' ? metricsAnswer.startMarker : null;
    const reading: ScrapeReading = { t, metrics, slots, startMarker };
    const answered = metrics !== null || slots !== null;
    const failed = errors.metrics !== undefined || errors.slots !== undefined;
    if (answered) this.failuresInRow = 0;
    else if (failed) this.failuresInRow += 1;
    const gaveUp = this.failuresInRow >= this.failureLimit ? `no answer from ${this.options.url} for ${this.failureLimit} scrapes in a row; the server's view stops here` : undefined;
    this.emit({ reading, errors, scrapeMs: this.clock() - t, gaveUp });
    if (answered) this.previous = reading;
    return answered;
  }

  private emit(scrape: { reading: ScrapeReading; errors: { metrics?: string; slots?: string }; scrapeMs: number; gaveUp: string | undefined }): void {
    const { reading, errors } = scrape;
    const { derived, restarted } = deriveServerFigures(reading, { previous: this.previous, totalSlotsHint: this.totalSlotsHint });
    this.origin ??= reading.t;
    const sample: ServerSample = { t: reading.t, tS: (reading.t - this.origin) / 1000, kind: this.options.kind, scrapeMs: Math.max(0, scrape.scrapeMs), metrics: reading.metrics, slots: reading.slots, derived };
    if (errors.metrics !== undefined || errors.slots !== undefined) sample.errors = errors;
    if (restarted) sample.restarted = true;
    if (scrape.gaveUp !== undefined) sample.gaveUp = scrape.gaveUp;
    if (this.pendingNotes.length > 0) sample.notes = this.pendingNotes;
    this.pendingNotes = [];
    this.summary.add(sample);
    try {
      this.options.onSample(sample);
    } catch {
      // A sink's bug must not stop the scrape; the summary still counts the sample.
    }
  }

  private getPart<T>(part: Part<T>): Promise<EndpointAnswer | null> {
    return part.path === null ? Promise.resolve(null) : this.get(part.path);
  }

  /** Turns an answer into the part's reading (null when it has none this time), noting and switching off what will not answer. */
  private settle<T>(context: { part: Part<T>; answer: EndpointAnswer | null; onError: (why: string) => void }): T | null {
    const { part, answer } = context;
    if (answer === null) return null;
    if (answer.kind === 'off') {
      part.path = null;
      this.say(answer.note);
      return null;
    }
    if (answer.kind === 'failed') {
      context.onError(answer.reason);
      return null;
    }
    try {
      return part.read(answer.text);
    } catch (error) {
      context.onError(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** Notes ride on the next sample; the summary collects them from there. */
  private say(note: string): void {
    this.pendingNotes.push(note);
  }

  private get(path: string): Promise<EndpointAnswer> {
    const timeoutMs = this.options.timeoutMs ?? Math.min(5000, Math.max(250, this.intervalMs));
    return fetchEndpoint({ url: this.options.url.replace(/\/+$/, ''), path, timeoutMs, apiKey: this.options.apiKey, fetch: this.options.fetch });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
