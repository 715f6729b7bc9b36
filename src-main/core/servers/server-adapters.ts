import type { ServerKind } from '../../../src-shared/schemas/endpoint';
import type { ServerMetricsReading, SlotReading } from '../../../src-shared/schemas/server-sample';
import { readMetricsText } from './read-metrics';
import { readSlotsText, readTotalSlots } from './read-slots';

/**
 * What the workbench can read from one kind of server while it is loaded. Paths are null where
 * the server has no such endpoint; the readers are pure and throw parse_error on foreign text.
 */
export interface ServerAdapter {
  kind: ServerKind;
  metricsPath: string | null;
  slotsPath: string | null;
  /** Read once at the start for the slot count, when the server has it. */
  propsPath: string | null;
  readMetrics(text: string): ServerMetricsReading;
  readSlots(text: string): SlotReading[];
  readTotalSlots(props: unknown): number | null;
  /** Said once when the server has neither metrics nor slots to scrape. */
  nothingToScrape?: string;
}

const noSlots = (): SlotReading[] => [];
const noTotal = (): null => null;

export const serverAdapters: Record<ServerKind, ServerAdapter> = {
  'llama.cpp': {
    kind: 'llama.cpp',
    metricsPath: '/metrics',
    slotsPath: '/slots',
    propsPath: '/props',
    readMetrics: (text) => readMetricsText(text, 'llama.cpp'),
    readSlots: readSlotsText,
    readTotalSlots,
  },
  vllm: {
    kind: 'vllm',
    metricsPath: '/metrics',
    slotsPath: null,
    propsPath: null,
    readMetrics: (text) => readMetricsText(text, 'vllm'),
    readSlots: noSlots,
    readTotalSlots: noTotal,
  },
  openai: {
    // A generic OpenAI-compatible server may be llama.cpp or vLLM behind a proxy: read whichever names it prints.
    kind: 'openai',
    metricsPath: '/metrics',
    slotsPath: null,
    propsPath: null,
    readMetrics: (text) => readMetricsText(text, 'any'),
    readSlots: noSlots,
    readTotalSlots: noTotal,
  },
  ollama: {
    kind: 'ollama',
    metricsPath: null,
    slotsPath: null,
    propsPath: null,
    readMetrics: (text) => readMetricsText(text, 'any'),
    readSlots: noSlots,
    readTotalSlots: noTotal,
    nothingToScrape: 'Ollama has no metrics endpoint: the server’s own view (queue, slots, KV cache) is not recorded for this run.',
  },
};

export function serverAdapterFor(kind: ServerKind): ServerAdapter {
  return serverAdapters[kind];
}
