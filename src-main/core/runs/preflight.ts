import { Agent, request } from 'undici';
import { AppError } from '../../../src-shared/errors';
import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import { readCappedText } from '../hosts/capped-read';
import { apiPaths, buildRequestTarget } from '../loadgen/client/request-target';

export interface PreflightResult {
  /** The model the server listed first, when the plan named none (vLLM and others require one). */
  model?: string;
}

const modelsTimeoutMs = 5_000;
const chatTimeoutCapMs = 30_000;
const bodyLimitChars = 65_536;
/**
 * 8 MiB for `GET /v1/models`: a gateway listing hundreds of models with their metadata sends
 * 1–2 MiB. The list is optional, so a bigger (or endless) one is cut off and skipped; undici's
 * bodyTimeout only notices a body that stalls, not one that never ends.
 */
const maxModelsListBytes = 8 * 1024 * 1024;
const urlHint = 'Give the server\'s base URL, such as http://127.0.0.1:8080 (without /v1).';

/**
 * Checks, before anything is written, that `plan.url` serves the plan's API: one one-token
 * request (a one-input batch for embeddings) shaped exactly like the run's, headers and API key
 * included. Throws an AppError a user can act on for an unreachable host, a 404 (wrong URL), a
 * server still loading, a refused API key, or an answer that is not what the API returns.
 */
export async function preflightEndpoint(plan: RunPlan, options: { apiKey?: string | undefined } = {}): Promise<PreflightResult> {
  const dispatcher = new Agent({ connect: { timeout: modelsTimeoutMs } });
  try {
    const model = plan.model ?? (await firstListedModel(plan, options.apiKey, dispatcher));
    await checkApi({ ...plan, model, prompt: 'Say OK.', maxTokens: 1, ignoreEos: false, embeddingInputs: 1 }, options.apiKey, dispatcher);
    return model !== undefined && plan.model === undefined ? { model } : {};
  } finally {
    await dispatcher.destroy();
  }
}

async function firstListedModel(plan: RunPlan, apiKey: string | undefined, dispatcher: Agent): Promise<string | undefined> {
  const url = plan.url;
  const headers: Record<string, string> = { ...(plan.headers ?? {}), ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) };
  try {
    const response = await request(`${url}/v1/models`, { dispatcher, headers, headersTimeout: modelsTimeoutMs, bodyTimeout: modelsTimeoutMs });
    const body = await readCappedText(response.body, maxModelsListBytes);
    if (response.statusCode !== 200 || body.kind === 'too-large') return undefined;
    const parsed = JSON.parse(body.text) as { data?: Array<{ id?: unknown }> };
    const id = parsed.data?.[0]?.id;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
  } catch (error) {
    if (isConnectionFailure(error)) throw unreachable(url, error);
    return undefined; // Listing models is optional; the chat check below is what decides.
  }
}

async function checkApi(plan: RunPlan, apiKey: string | undefined, dispatcher: Agent): Promise<void> {
  const target = buildRequestTarget(plan, { apiKey });
  const endpoint = plan.url + apiPaths[plan.api];
  const timeoutMs = Math.min(plan.requestTimeoutS * 1000, chatTimeoutCapMs);
  let status: number;
  let contentType: string;
  let text: string;
  try {
    const response = await request(endpoint, { method: 'POST', dispatcher, headers: target.headers, body: target.bodies[0], headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    status = response.statusCode;
    contentType = String(response.headers['content-type'] ?? '');
    text = await readUntilAnswer(response.body, status === 200 ? (sofar) => looksLikeAnswer(plan, sofar, target.stream) : () => false);
  } catch (error) {
    if (isConnectionFailure(error)) throw unreachable(plan.url, error);
    if (isTimeout(error)) throw new AppError('timeout', `${endpoint} did not answer a one-token request within ${timeoutMs / 1000} s.`, { hint: 'Is the server overloaded or still loading?' });
    throw new AppError('unreachable', `Request to ${endpoint} failed: ${describe(error)}`, { cause: error });
  }
  if (status !== 200) throw httpProblem(endpoint, status, text);
  if (!looksLikeAnswer(plan, text, target.stream)) {
    throw new AppError('unsupported', `${plan.url} answered POST ${apiPaths[plan.api]} with HTTP 200 but not ${describeApi(plan, target.stream)} (content-type "${contentType || 'none'}").`, {
      hint: `Point the run at a server with this API (llama-server, vLLM, Ollama …), or pick another API. ${urlHint}`,
      details: { contentType, bodyStart: text.slice(0, 200) },
    });
  }
}

function describeApi(plan: RunPlan, isStream: boolean): string {
  const names = { chat: 'an OpenAI-style chat', completions: 'an OpenAI-style completion', embeddings: 'an OpenAI-style embeddings answer', native: 'a llama.cpp /completion answer' };
  return names[plan.api] + (plan.api !== 'embeddings' && isStream ? ' stream' : '');
}

/** Whether the text read so far shows the API's answer (a stream needs one event; a body must be whole). */
export function looksLikeAnswer(plan: Pick<RunPlan, 'api'>, text: string, isStream: boolean): boolean {
  if (isStream) return plan.api === 'native' ? looksLikeNativeStream(text) : looksLikeChatStream(text);
  try {
    const parsed = JSON.parse(text) as { choices?: unknown; data?: unknown; content?: unknown };
    if (plan.api === 'embeddings') return Array.isArray(parsed.data);
    if (plan.api === 'native') return typeof parsed.content === 'string';
    return Array.isArray(parsed.choices);
  } catch {
    return false;
  }
}

function looksLikeNativeStream(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith('data:') && /"content"\s*:/.test(line));
}

/** An OpenAI stream has a `data:` event whose JSON carries `choices` (or is a chat.completion chunk). */
export function looksLikeChatStream(text: string): boolean {
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const payload = line.slice(5).trim();
    if (payload === '[DONE]') continue;
    try {
      const parsed = JSON.parse(payload) as { choices?: unknown; object?: unknown };
      if (Array.isArray(parsed.choices) || (typeof parsed.object === 'string' && parsed.object.startsWith('chat.completion'))) return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

function httpProblem(endpoint: string, status: number, text: string): AppError {
  const serverMessage = errorMessageOf(text);
  const said = serverMessage ? ` (${serverMessage})` : '';
  if (status === 404) return new AppError('http_error', `No chat endpoint at ${endpoint}: the server answered 404 Not Found${said}.`, { hint: urlHint, details: { status } });
  if (status === 401 || status === 403) return new AppError('auth_failed', `${endpoint} refused the request (HTTP ${status})${said}.`, { hint: 'The server wants an API key (or refused the one given): set the endpoint\'s API key.', details: { status } });
  if (status === 503) return new AppError('http_error', `The server is not ready (HTTP 503)${said}.`, { hint: 'llama-server answers 503 while it loads the model; try again when /health says ok.', details: { status } });
  return new AppError('http_error', `${endpoint} answered HTTP ${status} to a one-token chat request${said}.`, { details: { status, bodyStart: text.slice(0, 200) } });
}

function errorMessageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error.slice(0, 200);
    if (typeof parsed.error?.message === 'string') return parsed.error.message.slice(0, 200);
    if (typeof parsed.message === 'string') return parsed.message.slice(0, 200);
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * Reads until the answer shows what it is (one stream event is enough: the server may ignore
 * max_tokens and stream for a long time), until it ends, or until 64 KiB.
 */
async function readUntilAnswer(body: AsyncIterable<Buffer> & { destroy(): void }, isEnough: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= bodyLimitChars || isEnough(text)) {
      body.destroy();
      break;
    }
  }
  return text;
}

function unreachable(url: string, error: unknown): AppError {
  return new AppError('unreachable', `Cannot reach ${url}: ${describe(error)}.`, { hint: 'Is the server running, and are the host and port right?', cause: error });
}

const connectionCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
const isConnectionFailure = (error: unknown): boolean => connectionCodes.has(codeOf(error) ?? '');
const isTimeout = (error: unknown): boolean => ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'].includes(codeOf(error) ?? '');

function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const code = codeOf(error);
  const reasons: Record<string, string> = { ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', UND_ERR_CONNECT_TIMEOUT: 'connection timed out' };
  if (code && reasons[code]) return reasons[code];
  return code ?? (error instanceof Error ? error.message : String(error));
}
