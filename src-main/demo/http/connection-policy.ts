import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Exchange } from './http-io';

/**
 * How llama-server v0.5.0 (cpp-httplib underneath) handles a client connection, as captured with
 * curl (test/fixtures/llama-server/v0.5.0-captured/50-keepalive-after-stream.txt):
 * - every answer that keeps the connection says `Keep-Alive: timeout=5, max=100` and sends no
 *   `Connection` header; an idle connection is closed after 5 s, and the 100th request on one
 *   connection is answered with `Connection: close`;
 * - an error status (400, 401, 404, 500, 501, 503) says `Connection: close` and closes;
 * - a streamed answer says keep-alive like any other, then closes the connection when the stream
 *   ends. A client that reuses that socket before it sees the close gets a reset: the race a load
 *   generator must survive. `keepsStreamsOpen` (`--keep-alive-streams`) turns that close off.
 */
export const keepAliveTimeoutMs = 5_000;
export const keepAliveMaxRequests = 100;

/** One request's place on its connection, counted when the request arrives. */
export interface ConnectionTurn {
  /** 1 for the first request on the connection. */
  readonly requestNumber: number;
  readonly keepsStreamsOpen: boolean;
}

const requestsBySocket = new WeakMap<Socket, number>();

/** Counts a request on its connection; call once per request, when it arrives. */
export function takeTurn(req: IncomingMessage, keepsStreamsOpen: boolean): ConnectionTurn {
  const requestNumber = (requestsBySocket.get(req.socket) ?? 0) + 1;
  requestsBySocket.set(req.socket, requestNumber);
  return { requestNumber, keepsStreamsOpen };
}

/** What a response is, as far as the connection cares. */
export interface AnswerKind {
  readonly status: number;
  readonly isStream: boolean;
}

/**
 * The connection headers of one response, as llama-server sends them; also sets `res` up so that
 * Node does what the headers (or llama-server, for streams) do with the connection afterwards.
 * Call it just before `writeHead`, once per response.
 */
export function connectionHeaders(exchange: Exchange, answer: AnswerKind): Record<string, string> {
  const { req, res, connection } = exchange;
  // llama-server sends no Date header; a client comparing headers byte for byte would see one.
  res.sendDate = false;
  if (answer.status >= 400 || clientAsksToClose(req) || connection.requestNumber >= keepAliveMaxRequests) {
    // Node closes the connection after a response whose own header says so.
    return { Connection: 'close' };
  }
  // Without this Node adds `Connection: keep-alive` and a `Keep-Alive` without `max`; the
  // connection still persists, as HTTP/1.1 says, when no Connection header is sent.
  res.removeHeader('Connection');
  if (answer.isStream && !connection.keepsStreamsOpen) closeWhenFinished(req.socket, res);
  return { 'Keep-Alive': `timeout=${keepAliveTimeoutMs / 1000}, max=${keepAliveMaxRequests}` };
}

/** `Connection: close`, or HTTP/1.0 without `Connection: keep-alive`, as cpp-httplib reads them. */
function clientAsksToClose(req: IncomingMessage): boolean {
  const tokens = (req.headers.connection ?? '').toLowerCase().split(',').map((token) => token.trim());
  if (tokens.includes('close')) return true;
  return req.httpVersion === '1.0' && !tokens.includes('keep-alive');
}

/**
 * After the last byte of the response (the terminating chunk) is handed to the socket, close it
 * as llama-server does: FIN after the data, and the socket destroyed, so a request the client
 * writes afterwards gets a reset rather than an answer.
 */
function closeWhenFinished(socket: Socket, res: ServerResponse): void {
  res.once('finish', () => socket.destroySoon());
}
