import { request, type Dispatcher } from 'undici';
import type { RunPlan } from '../../../../src-shared/schemas/run-plan';
import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import { classifyServerError, interpretChatPayload } from './chat-stream';
import { nowMs, type RequestTiming } from './request-timing';
import { SseDataReader, type SseDataSink } from './sse-reader';

/** The streamed chat request every virtual user sends, built once per run. */
export interface ChatTarget {
  /** `{base}/v1/chat/completions` */
  chatUrl: string;
  /** The JSON body, serialised once. */
  body: string;
  timeoutMs: number;
}

export const chatCompletionsPath = '/v1/chat/completions';

/** The OpenAI-style body of a run's requests: streamed, with usage, and ignore_eos only when asked. */
export function buildChatBody(plan: Pick<RunPlan, 'model' | 'prompt' | 'maxTokens' | 'ignoreEos'>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    messages: [{ role: 'user', content: plan.prompt }],
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: plan.maxTokens,
  };
  if (plan.model !== undefined) body.model = plan.model;
  if (plan.ignoreEos) body.ignore_eos = true;
  return body;
}

export function buildChatTarget(plan: RunPlan): ChatTarget {
  return { chatUrl: plan.url + chatCompletionsPath, body: JSON.stringify(buildChatBody(plan)), timeoutMs: plan.requestTimeoutS * 1000 };
}

const requestHeaders = { 'content-type': 'application/json', accept: 'text/event-stream' };
const errorBodyLimitBytes = 8192;

/**
 * One reusable stream consumer per virtual user: the SSE reader and the sink that feeds
 * payloads into the user's RequestTiming, so nothing is allocated per chunk.
 */
export class ChatStreamConsumer implements SseDataSink {
  readonly reader = new SseDataReader();
  /** Streaming UTF-8 decoder: a character split across two reads is joined, not garbled. */
  readonly decoder = new TextDecoder('utf-8');
  constructor(readonly timing: RequestTiming) {}
  onData(payload: string): void {
    interpretChatPayload(payload, this.timing);
  }
}

/**
 * Sends one streamed chat request and fills the consumer's timing. Never throws: every outcome
 * ends as success or an error class. The caller owns `abort` and sets `timing.abortReason`
 * before aborting, which is how a cancel or a timeout is told apart from a network failure.
 */
export async function performChatRequest(target: ChatTarget, consumer: ChatStreamConsumer, options: { dispatcher: Dispatcher; signal: AbortSignal }): Promise<void> {
  const timing = consumer.timing;
  consumer.reader.reset();
  timing.sentMs = nowMs();
  try {
    const response = await request(target.chatUrl, {
      method: 'POST',
      headers: requestHeaders,
      body: target.body,
      dispatcher: options.dispatcher,
      signal: options.signal,
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
    });
    timing.headersMs = nowMs();
    timing.status = response.statusCode;
    if (response.statusCode !== 200) {
      const text = await readLimited(response.body);
      timing.endMs = nowMs();
      failOnHttpStatus(timing, response.statusCode, text);
      return;
    }
    await consumeStream(response.body, consumer);
    timing.endMs = nowMs();
    classifyStreamEnd(timing);
  } catch (error) {
    timing.endMs = nowMs();
    failOnThrown(timing, error);
  }
}

function consumeStream(body: Dispatcher.ResponseData['body'], consumer: ChatStreamConsumer): Promise<void> {
  const { timing, reader, decoder } = consumer;
  return new Promise((resolve, reject) => {
    body.on('data', (bytes: Buffer) => {
      timing.chunkAtMs = nowMs();
      reader.push(decoder.decode(bytes, { stream: true }), consumer);
    });
    body.once('end', () => {
      reader.push(decoder.decode(), consumer);
      reader.end(consumer);
      resolve();
    });
    body.once('error', reject);
  });
}

async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body as AsyncIterable<Buffer>) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= errorBodyLimitBytes) {
      body.destroy();
      break;
    }
  }
  return text;
}

function failOnHttpStatus(timing: RequestTiming, status: number, text: string): void {
  let type = '';
  let message = text.trim().slice(0, 300) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(text) as { error?: { type?: unknown; message?: unknown } };
    if (typeof parsed.error?.type === 'string') type = parsed.error.type;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the message.
  }
  timing.fail(classifyServerError({ status, type, message }), `HTTP ${status}${type ? ` ${type}` : ''}: ${message}`);
}

/** A 200 stream ended: decide between success, cut, empty, or an error event seen inside it. */
function classifyStreamEnd(timing: RequestTiming): void {
  if (timing.errorClass !== null) return;
  if (!timing.sawDone && timing.finishReason === null) {
    timing.fail('stream_cut', `stream ended after ${timing.contentChunks} content chunks without a finish reason or [DONE]`);
  } else if (timing.contentChunks === 0) {
    timing.fail('empty_answer', `the answer had no content (finish reason ${timing.finishReason ?? 'none'})`);
  }
}

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const timeoutCodes = new Set(['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function failOnThrown(timing: RequestTiming, error: unknown): void {
  if (timing.abortReason !== null) {
    timing.fail(timing.abortReason, timing.abortReason === 'timeout' ? 'request timed out' : 'cancelled when the run ended');
    return;
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  timing.fail(classifyNetworkError(code, timing.headersMs >= 0), code ? `${code}: ${message}` : message);
}

/** Network failures: a reset after the headers arrived cut the stream; before, it is a reset. */
export function classifyNetworkError(code: string | undefined, hadHeaders: boolean): ErrorClass {
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code !== undefined && timeoutCodes.has(code)) return 'timeout';
  if (code !== undefined && resetCodes.has(code)) return hadHeaders ? 'stream_cut' : 'connection_reset';
  return 'other';
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_REQ_RETRY') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
