import type { Engine } from '../engine/engine';
import type { ServerFacts } from '../format/info-format';
import type { DemoSettings } from '../options';
import type { Scheduler } from '../scheduler/scheduler';
import type { SseStream } from './sse-stream';

/** The switches the HTTP layer reads, resolved from the options once at start. */
export interface DemoSwitches {
  readonly cachePrompt: boolean;
  readonly apiKeys: readonly string[];
  readonly metrics: boolean;
  readonly slotsEndpoint: boolean;
  readonly propsEndpoint: boolean;
  readonly embeddings: boolean;
  /** --keep-alive-streams: keep a connection open after a stream, unlike llama-server. */
  readonly keepAliveStreams: boolean;
}

/** Everything a route handler needs; built once by startDemoServer. */
export interface DemoContext {
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  readonly facts: ServerFacts;
  readonly settings: DemoSettings;
  readonly switches: DemoSwitches;
  /** True while the simulated model loads (every endpoint answers 503). */
  isLoading(): boolean;
  /** Open streams, for the one keep-alive timer. */
  readonly streams: Set<SseStream>;
}
