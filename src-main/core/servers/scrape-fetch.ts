import { byteSizeLabel, readCappedText, type CappedText } from '../hosts/capped-read';

/**
 * 8 MiB per answer of /metrics, /slots or /props. vLLM's /metrics with many models or LoRA
 * adapters and llama.cpp's /slots with a few hundred slots run to a few hundred KiB; 8 MiB is
 * ten times that and still cheap to read and parse every interval. A bigger answer is not the
 * model server talking (a proxy's endless stream, a wrong URL), and must not fill memory.
 */
export const maxEndpointBodyBytes = 8 * 1024 * 1024;

/** What one GET of a server endpoint gave. */
export type EndpointAnswer =
  | { kind: 'ok'; text: string; startMarker: string | null }
  /** The endpoint will not answer this run: disabled (501), absent (404) or refused (401/403). */
  | { kind: 'off'; note: string }
  /** This time only: unreachable, timed out, loading (503) or a server error. */
  | { kind: 'failed'; reason: string };

export interface FetchEndpointOptions {
  url: string;
  path: string;
  timeoutMs: number;
  apiKey?: string | undefined;
  fetch?: typeof fetch | undefined;
}

/**
 * GETs one endpoint and sorts the answer into ok, off for the rest of the run, or failed this
 * time. llama-server answers 501 `not_supported_error` for `/metrics` without `--metrics` and
 * `/slots` with `--no-slots`; its message says which flag to use, so the note quotes it. An
 * answer larger than maxEndpointBodyBytes is cut off there and turns the endpoint off.
 */
export async function fetchEndpoint(options: FetchEndpointOptions): Promise<EndpointAnswer> {
  const headers: Record<string, string> = {};
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  let response: Response;
  let body: CappedText;
  try {
    response = await (options.fetch ?? fetch)(options.url + options.path, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    body = response.body === null ? { kind: 'text', text: '' } : await readCappedText(response.body, maxEndpointBodyBytes);
  } catch (error) {
    return { kind: 'failed', reason: describeFetchError(error, options.timeoutMs) };
  }
  if (body.kind === 'too-large') {
    const cap = byteSizeLabel(maxEndpointBodyBytes);
    return { kind: 'off', note: `The server's ${options.path} answer is larger than ${cap}; the workbench reads at most that and stops asking ${options.path} for this run. Check that the URL points at the model server itself.` };
  }
  const text = body.text;
  if (response.ok) return { kind: 'ok', text, startMarker: response.headers.get('process-start-time-unix') };
  const message = serverMessage(text);
  if (response.status === 501) return { kind: 'off', note: `${options.path} is disabled on this server (501)${message ? `: ${message}` : ''}` };
  if (response.status === 404) return { kind: 'off', note: `${options.path}: this server has no such endpoint (404)` };
  if (response.status === 401 || response.status === 403) return { kind: 'off', note: `${options.path} refused the request (${response.status}): give the endpoint's API key` };
  return { kind: 'failed', reason: `HTTP ${response.status}${message ? `: ${message}` : ''}` };
}

/** The `error.message` of llama.cpp's (and OpenAI's) JSON error body, if the text is one. */
function serverMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  return error instanceof Error ? error.message : String(error);
}
