import type { ServerTokenCount } from '../../../src-shared/schemas/server-sample';
import type { RunAttachment } from '../runs/run-attachments';
import { parsePrometheusText } from './prometheus-text';
import { detectMetricsFamily, readAnyMetrics } from './read-metrics';
import { fetchEndpoint } from './scrape-fetch';

/** A server's generated-token counter at one instant. */
export interface TokenCounterReading {
  counter: string;
  total: number;
  /** Requests the server is generating for now (llama.cpp requests_processing), null when it does not say. */
  running: number | null;
  /** llama.cpp's Process-Start-Time-Unix: a change means the server restarted in between. */
  startMarker: string | null;
}

export interface TokenCounterTarget {
  /** The server's base URL. */
  url: string;
  apiKey?: string | undefined;
}

const counterNames = { 'llama.cpp': 'llamacpp:tokens_predicted_total', vllm: 'vllm:generation_tokens_total' } as const;
const readTimeoutMs = 1000;
const settlePollMs = 100;
/** How long to wait for the server to release its requests: before the run (the endpoint check's), and after it. */
const settleBeforeMs = 2000;
const settleAfterMs = 5000;

/** Reads `/metrics` once; null when the server has none or no generated-token counter in it. */
export async function readTokenCounter(target: TokenCounterTarget): Promise<TokenCounterReading | null> {
  const answer = await fetchEndpoint({ url: target.url.replace(/\/+$/, ''), path: '/metrics', timeoutMs: readTimeoutMs, apiKey: target.apiKey });
  if (answer.kind !== 'ok') return null;
  try {
    const prom = parsePrometheusText(answer.text);
    const family = detectMetricsFamily(prom);
    const reading = readAnyMetrics(prom);
    if (family === null || reading.generatedTokensTotal === null) return null;
    return { counter: counterNames[family], total: reading.generatedTokensTotal, running: reading.running, startMarker: answer.startMarker };
  } catch {
    return null; // Not Prometheus text: nothing to compare with.
  }
}

/**
 * Counts the tokens a server generates for each run by its own counter, for the summary's
 * `serverTokens`. Both readings wait until the server is generating for nobody (polling every
 * 100 ms, at most 2 s before and 5 s after; `isSettled` says whether that came): llama-server
 * adds a request's tokens to its counter only when it releases the slot, which for a request the
 * client abandoned comes a token or so after it notices the closed connection. The first reading
 * is taken after the endpoint check (which generates a token of its own) and before the run's
 * first request; a server without a counter, or one that restarted in between, gives nothing.
 */
export function serverTokensAttachment(): RunAttachment {
  return {
    name: 'server token count',
    async prepare(run) {
      const target = { url: run.record.url, apiKey: run.apiKey };
      const before = await readSettled(target, settleBeforeMs);
      if (before === null) return null;
      return {
        begin: () => undefined,
        async finish() {
          const count = countBetween(before, await readSettled(target, settleAfterMs));
          return count === null ? {} : { serverTokens: count };
        },
      };
    },
  };
}

type SettledReading = { reading: TokenCounterReading; isSettled: boolean };

function countBetween(first: SettledReading, after: SettledReading | null): ServerTokenCount | null {
  const start = first.reading;
  if (after === null || after.reading.startMarker !== start.startMarker || after.reading.total < start.total) return null;
  const roundingTokens = (roundingStep(start.total) + roundingStep(after.reading.total)) / 2;
  return { counter: start.counter, tokens: after.reading.total - start.total, roundingTokens, isSettled: first.isSettled && after.isSettled };
}

async function readSettled(target: TokenCounterTarget, limitMs: number): Promise<SettledReading | null> {
  const startMs = Date.now();
  let previous: TokenCounterReading | null = null;
  for (;;) {
    const reading = await readTokenCounter(target);
    if (reading === null) return previous === null ? null : { reading: previous, isSettled: false };
    // Without a running gauge, two equal readings in a row stand for "nothing running".
    const isSettled = reading.running !== null ? reading.running === 0 : previous !== null && previous.total === reading.total;
    if (isSettled || Date.now() - startMs >= limitMs) return { reading, isSettled };
    previous = reading;
    await new Promise((resolve) => setTimeout(resolve, settlePollMs));
  }
}

/** llama-server prints doubles with 6 significant digits: from 10⁶ on, a reading is rounded to a step of 10 or more (± half a step). */
function roundingStep(value: number): number {
  if (value < 1e6) return 0;
  return 10 ** (Math.floor(Math.log10(value)) - 5);
}
