import type { RecordedServerConfig } from '../../../src-shared/schemas/server-config';
import { configFromProps } from '../servers/props-config';
import { fetchEndpoint } from '../servers/scrape-fetch';
import { houseClock } from '../clock';

const propsTimeoutMs = 3_000;

/**
 * Asks the server at `url` for the configuration it runs with (GET /props) and records it.
 * Never throws: a server without llama-server's /props (vLLM, Ollama, a proxy), one that does
 * not answer in 3 s, or a body that is not JSON gives source `unknown` with the reason in words.
 */
export async function readServerConfig(url: string, options: { apiKey?: string | undefined } = {}): Promise<RecordedServerConfig> {
  const readAt = houseClock();
  const answer = await fetchEndpoint({ url, path: '/props', timeoutMs: propsTimeoutMs, apiKey: options.apiKey });
  const unknown = (why: string): RecordedServerConfig => ({ source: 'unknown', readAt, origins: {}, note: `The server's configuration is unknown: ${why}.` });
  if (answer.kind === 'off') return unknown(answer.note);
  if (answer.kind === 'failed') return unknown(`GET /props failed (${answer.reason})`);
  try {
    return configFromProps(JSON.parse(answer.text) as unknown, readAt);
  } catch {
    return unknown('GET /props did not answer JSON');
  }
}
