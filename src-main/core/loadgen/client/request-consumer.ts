import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import type { ErrorClass } from '../../../../src-shared/schemas/run-result';
import { classifyServerError, interpretChatPayload } from './chat-stream';
import { EmbeddingsBodyScanner } from './embeddings-body';
import type { RequestTarget } from './request-target';
import { houseClock } from '../../clock';
import type { RequestTiming } from './request-timing';
import { SseDataReader, type SseDataSink } from './sse-reader';
import { interpretCompletionPayload, interpretNativePayload, interpretWholeBody } from './text-stream';
import type { VuConnection } from './vu-connection';

const errorBodyLimitChars = 8192;
/** A non-streamed text answer larger than this is not kept (a load test needs its usage, not megabytes of text). */
const wholeBodyLimitChars = 4 * 1024 * 1024;
/** Made once: an Error's stack trace is costly, and a run's end can abort thousands of streams at once. */
const abortErrors = { timeout: new Error('request timed out'), cancelled: new Error('cancelled when the run ended') } as const;

const streamInterpreters = { chat: interpretChatPayload, completions: interpretCompletionPayload, native: interpretNativePayload } as const;

/**
 * One virtual user's (or one open-loop slot's) exchanges, reused request after request. It is
 * an undici dispatch handler: response bytes arrive in onResponseData with no stream object,
 * no event emitter and no promise per chunk in between, which is what lets one thread hold
 * thousands of streams. A stream's reads are decoded (UTF-8 safe across reads), split into SSE
 * events and interpreted into the RequestTiming; a whole body is read once at its end; an
 * embeddings body is scanned without being kept.
 *
 * A request that dies on a reused keep-alive connection before its answer began (the server
 * closed the connection after the previous answer, and the close crossed our next request on
 * the wire) is sent once more on a fresh connection, keeping its scheduled instant, so the time
 * lost stays inside its TTFT and E2E. It is counted as a stale-connection retry, not a failure.
 * A second such death, or any failure after the answer began, stays a failure of its class.
 */
export class RequestConsumer implements SseDataSink, Dispatcher.DispatchHandler {
  readonly reader = new SseDataReader();
  private readonly embeddings = new EmbeddingsBodyScanner();
  private decoder = new StringDecoder('utf8');
  private controller: Dispatcher.DispatchController | null = null;
  private errorText: string | null = null;
  private bodyText = '';
  private settle: (() => void) | null = null;
  private interpret: (payload: string, timing: RequestTiming) => void = interpretChatPayload;
  private body = '';
  private isOnReusedSocket = false;

  constructor(
    readonly timing: RequestTiming,
    private readonly target: RequestTarget,
    /** This consumer's own connection, kept from request to request. */
    readonly connection: VuConnection,
  ) {
    if (target.api !== 'embeddings') this.interpret = streamInterpreters[target.api];
  }

  /** Sends body `bodyIndex` and resolves when the request has ended, whatever the outcome; never rejects. */
  perform(bodyIndex: number): Promise<void> {
    this.reader.reset();
    this.embeddings.reset();
    this.decoder = new StringDecoder('utf8');
    this.controller = null;
    this.errorText = null;
    this.bodyText = '';
    this.body = this.target.bodies[bodyIndex % this.target.bodies.length]!;
    return new Promise<void>((resolve) => {
      this.settle = resolve;
      this.timing.sentMs = houseClock();
      this.dispatch();
    });
  }

  private dispatch(): void {
    const target = this.target;
    this.isOnReusedSocket = false;
    this.connection.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers: target.headers, body: this.body, headersTimeout: target.timeoutMs, bodyTimeout: target.timeoutMs }, this);
  }

  /** Ends the request in flight as `reason` (the caller's timeout or the run's end). */
  abort(reason: 'timeout' | 'cancelled'): void {
    if (this.settle === null || this.timing.abortReason !== null) return;
    this.timing.abortReason = reason;
    this.controller?.abort(abortErrors[reason]);
  }

  onEventData(payload: string): void {
    this.timing.onEvent(this.timing.chunkAtMs);
    this.interpret(payload, this.timing);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    this.isOnReusedSocket = this.connection.beginRequest();
    if (this.timing.abortReason !== null) controller.abort(abortErrors[this.timing.abortReason]);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.timing.headersMs = houseClock();
    this.timing.status = statusCode;
    if (statusCode !== 200) this.errorText = '';
    // llama-server closes after an error answer too, saying so; only closes after answers tell how it treats connections.
    if (statusCode === 200 && String(headers.connection).toLowerCase() === 'close') this.connection.announceClosing();
    const queue = headers['x-queue-time'];
    if (typeof queue === 'string' && Number.isFinite(Number(queue)) && Number(queue) >= 0) this.timing.queueHeaderMs = Number(queue);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.errorText !== null) {
      if (this.errorText.length < errorBodyLimitChars) this.errorText += this.decoder.write(chunk);
      return;
    }
    const atMs = houseClock();
    this.timing.chunkAtMs = atMs;
    const text = this.decoder.write(chunk);
    if (this.target.stream) this.reader.push(text, this);
    else {
      this.timing.onEvent(atMs);
      if (this.target.api === 'embeddings') this.embeddings.push(text);
      else if (this.bodyText.length < wholeBodyLimitChars) this.bodyText += text;
    }
  }

  onResponseEnd(): void {
    const timing = this.timing;
    timing.endMs = houseClock();
    this.connection.endRequest({ isAnswered: true, isReused: this.isOnReusedSocket });
    if (this.errorText !== null) failOnHttpStatus(timing, timing.status, this.errorText + this.decoder.end());
    else if (this.target.stream) {
      this.reader.push(this.decoder.end(), this);
      this.reader.end(this);
      classifyStreamEnd(timing);
    } else this.finishWholeBody(this.decoder.end());
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.isStaleReuse(error)) return this.retryOnFreshConnection();
    this.connection.endRequest({ isAnswered: false, isReused: this.isOnReusedSocket });
    this.timing.endMs = houseClock();
    failOnThrown(this.timing, error);
    this.finish();
  }

  /** Died on a reused socket before the answer began, for the first time, and not by our own abort. */
  private isStaleReuse(error: Error): boolean {
    const timing = this.timing;
    if (!this.isOnReusedSocket || timing.isStaleRetried || timing.abortReason !== null || timing.headersMs >= 0) return false;
    const code = errorCode(error);
    return code !== undefined && staleConnectionCodes.has(code);
  }

  /**
   * Sends the request again once undici has dropped the dead socket (its close event comes on a
   * later tick), so that it goes out on a new connection. sentMs stays the first send: the retry
   * is the request's own cost, not lateness of the schedule (retrySentMs has the retry's send,
   * for the server's queue time and its outages). An abort meanwhile still lands:
   * onRequestStart sees abortReason and aborts the retry.
   */
  private retryOnFreshConnection(): void {
    this.timing.isStaleRetried = true;
    this.controller = null;
    this.connection.recordStaleReuse();
    setImmediate(() => {
      this.timing.retrySentMs = houseClock();
      this.dispatch();
    });
  }

  private finishWholeBody(rest: string): void {
    const timing = this.timing;
    if (this.target.api === 'embeddings') {
      this.embeddings.push(rest);
      this.embeddings.finish(timing, this.target.embeddingInputs);
      return;
    }
    if (this.bodyText.length >= wholeBodyLimitChars) return timing.fail('other', `the answer is larger than ${wholeBodyLimitChars / 1024 / 1024} MiB`);
    interpretWholeBody(this.bodyText + rest, timing, this.target.api);
    if (timing.errorClass === null && timing.contentChunks === 0) timing.fail('empty_answer', `the answer had no content (finish reason ${timing.finishReason ?? 'none'})`);
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
/** How a request sent into a connection the server had already closed dies ('other side closed' is UND_ERR_SOCKET). */
const staleConnectionCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
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
