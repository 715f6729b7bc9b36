import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the server answers one chat request. Times are measured from the request's arrival. */
export interface ScriptedReply {
  firstTokenDelayMs?: number;
  /** Gap between content chunks (between tokens when tokensPerChunk is 1). */
  tokenIntervalMs?: number;
  /** Content tokens to stream; defaults to the request's max_tokens. */
  tokens?: number;
  /** Tokens packed into one chunk (llama.cpp can merge parser diffs). */
  tokensPerChunk?: number;
  /** 'immediately' like most servers; 'with-first-token' like llama.cpp; or no role chunk. */
  roleChunk?: 'immediately' | 'with-first-token' | 'none';
  /** Usage chunk: only when the client asked (default), always, or never. */
  usage?: 'when-asked' | 'never' | 'always';
  /** Reported completion_tokens, when it should differ from what was streamed. */
  usageCompletionTokens?: number;
  sendFinish?: boolean;
  sendDone?: boolean;
  /** Destroy the socket after this many content tokens. */
  cutAfterTokens?: number;
  /** Send `data: {"error":…}` after this many tokens, then end the stream. */
  streamErrorAfterTokens?: number;
  /** Answer with this instead of a stream. */
  plain?: { status: number; contentType: string; body: string };
  /**
   * Close the connection this long after the stream ended, as llama-server does after each
   * streamed answer (it sends `Keep-Alive` and closes anyway). A request the client sends on
   * the connection meanwhile is never read or answered: the close then resets it.
   */
  closeAfterStreamMs?: number;
  /** Read the request, then destroy the connection without a byte of answer (a server that dies on it). */
  destroyOnArrival?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string | string[] | undefined>;
  receivedMs: number;
}

export interface ScriptedServer {
  url: string;
  requests: ReceivedRequest[];
  /** Streams currently open. */
  readonly openStreams: number;
  setReply(reply: ScriptedReply | ((request: ReceivedRequest) => ScriptedReply)): void;
  /**
   * Freezes the server for `durationMs` from now: no response starts and no chunk is written
   * until it ends (what was due meanwhile then goes out at once), like a server stalled by a
   * long prefill or a GC pause. Requests are still accepted.
   */
  freeze(durationMs: number): void;
  close(): Promise<void>;
}

const notFound = JSON.stringify({ error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });

/**
 * A chat server with a known schedule, on 127.0.0.1 port 0 (or `options.port`, to bring a
 * closed server back on the same address). Token k (1-based) is written at
 * arrival + firstTokenDelayMs + (k − 1) × tokenIntervalMs, each timer aimed at its absolute
 * instant so scheduling jitter does not accumulate over a long answer.
 */
export async function startScriptedServer(initial: ScriptedReply | ((request: ReceivedRequest) => ScriptedReply) = {}, options: { port?: number } = {}): Promise<ScriptedServer> {
  let replyFor = typeof initial === 'function' ? initial : () => initial;
  const requests: ReceivedRequest[] = [];
  let openStreams = 0;
  const clock: FreezeClock = { frozenUntilMs: 0 };
  const closing = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    // A server that has decided to close a connection reads nothing more from it.
    if (closing.has(req.socket)) return;
    const receivedMs = performance.now();
    void readBody(req).then((text) => {
      const request: ReceivedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: parseJson(text), headers: req.headers, receivedMs };
      requests.push(request);
      if (request.method === 'GET' && request.path === '/v1/models') return sendJson(res, 200, JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model' }] }));
      if (request.method !== 'POST' || request.path !== '/v1/chat/completions') return sendJson(res, 404, notFound);
      const reply = replyFor(request);
      if (reply.plain) return send(res, reply.plain);
      if (reply.destroyOnArrival) return req.socket.destroy();
      openStreams += 1;
      res.once('close', () => (openStreams -= 1));
      if (reply.closeAfterStreamMs !== undefined) closeAfterStream(res, closing, reply.closeAfterStreamMs);
      whenThawed(clock, () => streamReply(res, request, reply, clock));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get openStreams() {
      return openStreams;
    },
    setReply(reply) {
      replyFor = typeof reply === 'function' ? reply : () => reply;
    },
    freeze(durationMs) {
      clock.frozenUntilMs = Math.max(clock.frozenUntilMs, performance.now() + durationMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** From now on the socket takes no new request; it is destroyed `delayMs` after the stream has been written out. */
function closeAfterStream(res: ServerResponse, closing: WeakSet<Socket>, delayMs: number): void {
  const socket = res.socket;
  if (socket === null) return;
  closing.add(socket);
  res.once('finish', () => setTimeout(() => socket.destroy(), delayMs));
}

interface FreezeClock {
  frozenUntilMs: number;
}

function whenThawed(clock: FreezeClock, action: () => void): void {
  const waitMs = clock.frozenUntilMs - performance.now();
  if (waitMs > 0) setTimeout(() => whenThawed(clock, action), waitMs);
  else action();
}

function streamReply(res: ServerResponse, request: ReceivedRequest, reply: ScriptedReply, clock: FreezeClock): void {
  const maxTokens = typeof request.body?.max_tokens === 'number' ? request.body.max_tokens : 16;
  const total = reply.tokens ?? maxTokens;
  const perChunk = reply.tokensPerChunk ?? 1;
  const firstMs = reply.firstTokenDelayMs ?? 0;
  const intervalMs = reply.tokenIntervalMs ?? 0;
  const roleChunk = reply.roleChunk ?? 'immediately';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (roleChunk === 'immediately') res.write(event(chunk({ role: 'assistant', content: null }, null)));
  let sent = 0;
  let chunksSent = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));
  const next = (): void => {
    if (res.destroyed) return;
    if (sent >= total || reply.cutAfterTokens === sent || reply.streamErrorAfterTokens === sent) return finish(res, request, reply, sent);
    const count = Math.min(perChunk, total - sent);
    const role = sent === 0 && roleChunk === 'with-first-token' ? event(chunk({ role: 'assistant', content: null }, null)) : '';
    res.write(role + event(chunk({ content: ' tok'.repeat(count) }, null)));
    sent += count;
    chunksSent += 1;
    // The finish chunk follows the last token at once, as llama.cpp sends it.
    if (sent >= total && reply.cutAfterTokens !== sent && reply.streamErrorAfterTokens !== sent) return finish(res, request, reply, sent);
    fireAt(request.receivedMs + firstMs + chunksSent * intervalMs, next);
  };
  // libuv measures a timer from its cached loop time, which can be a little stale, so a timer
  // can fire up to a ms early; re-arming until the due instant keeps every write on or after it.
  const fireAt = (dueMs: number, action: () => void): void => {
    const atMs = Math.max(dueMs, clock.frozenUntilMs);
    timer = setTimeout(() => (performance.now() >= Math.max(dueMs, clock.frozenUntilMs) ? action() : fireAt(dueMs, action)), Math.max(0, atMs - performance.now()));
  };
  fireAt(request.receivedMs + firstMs, next);
}

function finish(res: ServerResponse, request: ReceivedRequest, reply: ScriptedReply, sent: number): void {
  if (reply.cutAfterTokens === sent) {
    res.destroy();
    return;
  }
  if (reply.streamErrorAfterTokens === sent) {
    res.end(event(JSON.stringify({ error: { code: 500, message: 'Context size has been exceeded.', type: 'server_error' } })));
    return;
  }
  let text = '';
  if (reply.sendFinish !== false) text += event(chunk({}, 'length'));
  const asked = (request.body?.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const usage = reply.usage ?? 'when-asked';
  if (usage === 'always' || (usage === 'when-asked' && asked)) {
    const completion = reply.usageCompletionTokens ?? sent;
    text += event(JSON.stringify({ choices: [], object: 'chat.completion.chunk', usage: { completion_tokens: completion, prompt_tokens: 7, total_tokens: completion + 7 } }));
  }
  if (reply.sendDone !== false) text += event('[DONE]');
  res.end(text);
}

function chunk(delta: Record<string, unknown>, finishReason: string | null): string {
  return JSON.stringify({ choices: [{ finish_reason: finishReason, index: 0, delta }], object: 'chat.completion.chunk', model: 'scripted-model' });
}

const event = (data: string): string => `data: ${data}\n\n`;

function send(res: ServerResponse, plain: { status: number; contentType: string; body: string }): void {
  res.writeHead(plain.status, { 'content-type': plain.contentType });
  res.end(plain.body);
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  send(res, { status, contentType: 'application/json; charset=utf-8', body });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (text += part));
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
