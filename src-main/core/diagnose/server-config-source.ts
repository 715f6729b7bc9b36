import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { configFromProps } from '../servers/props-config';
import { fetchEndpoint } from '../servers/scrape-fetch';
import type { DiagnosisContext } from './diagnosis-context';

/** Where the configuration the diagnosis judges came from, for the preflight's line. */
export interface ServerConfigRead {
  config: ServerConfig | null;
  source: 'launcher or process' | 'props' | 'none';
}

/**
 * The server's configuration: as the Config page reads it (its launch method, or its process on
 * the host), else as the server states it in GET /props (the slots, and every setting the demo
 * reports; llama-server's /props has no -t, so llama.cpp's default applies), else none.
 */
export function readServerConfig(context: Pick<DiagnosisContext, 'serverConfig' | 'target' | 'apiKey'>): Promise<ServerConfigRead> {
  // Preflight, baseline and findings each need it; over SSH it is several commands and a fetch.
  let read = readOnce.get(context);
  if (read === undefined) {
    read = readFresh(context);
    readOnce.set(context, read);
  }
  return read;
}

/** One read per diagnosis run (the runner hands every step the same context). Verify reads the live configuration itself. */
const readOnce = new WeakMap<object, Promise<ServerConfigRead>>();

async function readFresh(context: Pick<DiagnosisContext, 'serverConfig' | 'target' | 'apiKey'>): Promise<ServerConfigRead> {
  const config = await context.serverConfig().catch(() => null);
  if (config !== null) return { config, source: 'launcher or process' };
  const answer = await fetchEndpoint({ url: context.target.url, path: '/props', timeoutMs: 5_000, apiKey: context.apiKey });
  if (answer.kind !== 'ok') return { config: null, source: 'none' };
  try {
    const recorded = configFromProps(JSON.parse(answer.text), Date.now());
    return recorded.config === undefined ? { config: null, source: 'none' } : { config: recorded.config, source: 'props' };
  } catch {
    return { config: null, source: 'none' };
  }
}
