import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
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
const errorBodyLimitChars = 8192;
/** Made once: an Error's stack trace is costly, and a run's end can abort thousands of streams at once. */
const abortErrors = { timeout: new Error('request timed out'), cancelled: new Error('cancelled when the run ended') } as const;

/** A ChatTarget split into what undici's dispatch wants, once per worker. */
export interface ChatDispatchTarget {
  origin: string;
  path: string;
  body: string;
  timeoutMs: number;
}

export function toDispatchTarget(target: ChatTarget): ChatDispatchTarget {
  const url = new URL(target.chatUrl);
  return { origin: url.origin, path: url.pathname + url.search, body: target.body, timeoutMs: target.timeoutMs };
}

/**
 * One virtual user's streamed chat exchanges, reused request after request. It is an undici
 * dispatch handler: response bytes arrive in onResponseData with no stream object, no event
 * emitter and no promise per chunk in between, which is what lets one thread hold thousands
 * of streams. Each read is decoded (UTF-8 safe across reads), split into SSE events and
 * interpreted into the user's RequestTiming.
 */
export class ChatStreamConsumer implements SseDataSink, Dispatcher.DispatchHandler {
  readonly reader = new SseDataReader();
  private decoder = new StringDecoder('utf8');
  private controller: Dispatcher.DispatchController | null = null;
  private errorText: string | null = null;
  private settle: (() => void) | null = null;

  constructor(readonly timing: RequestTiming) {}

  /** Sends one request and resolves when it has ended, whatever the outcome; never rejects. */
  perform(dispatcher: Dispatcher, target: ChatDispatchTarget): Promise<void> {
    this.reader.reset();
    this.decoder = new StringDecoder('utf8');
    this.controller = null;
    this.errorText = null;
    return new Promise<void>((resolve) => {
      this.settle = resolve;
      this.timing.sentMs = nowMs();
      dispatcher.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers: requestHeaders, body: target.body, headersTimeout: target.timeoutMs, bodyTimeout: target.timeoutMs }, this);
    });
  }

  /** Ends the request in flight as `reason` (the caller's timeout or the run's end). */
  abort(reason: 'timeout' | 'cancelled'): void {
    if (this.settle === null || this.timing.abortReason !== null) return;
    this.timing.abortReason = reason;
    this.controller?.abort(abortErrors[reason]);
  }

  onEventData(payload: string): void {
    interpretChatPayload(payload, this.timing);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timing.abortReason !== null) controller.abort(abortErrors[this.timing.abortReason]);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.timing.headersMs = nowMs();
    this.timing.status = statusCode;
    if (statusCode !== 200) this.errorText = '';
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.errorText !== null) {
      if (this.errorText.length < errorBodyLimitChars) this.errorText += this.decoder.write(chunk);
      return;
    }
    this.timing.chunkAtMs = nowMs();
    this.reader.push(this.decoder.write(chunk), this);
  }

  onResponseEnd(): void {
    const timing = this.timing;
    timing.endMs = nowMs();
    if (this.errorText !== null) failOnHttpStatus(timing, timing.status, this.errorText + this.decoder.end());
    else {
      this.reader.push(this.decoder.end(), this);
      this.reader.end(this);
      classifyStreamEnd(timing);
    }
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.timing.endMs = nowMs();
    failOnThrown(this.timing, error);
    this.finish();
  }

  private finish(): void {
    const settle = this.settle;
    this.settle = null;
    this.controller = null;
    settle?.();
  }
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
