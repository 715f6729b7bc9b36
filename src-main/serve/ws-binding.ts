import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Handlers } from '../../src-shared/contract';
import { ClientMessage, maxWsMessageBytes, type ServerMessage } from '../../src-shared/contract/wire';
import { dispatch } from '../core/dispatch';
import type { EventBus } from '../core/events';
import { isAllowedRequest } from './request-guard';
import { parseRequestTarget } from './request-target';

/**
 * The contract over a WebSocket at /ws. Each connection must present the session token
 * and come from this server's own origin; every message is parsed before it reaches the core.
 * Whatever a client sends, at worst its own socket closes: a frame over the size limit closes
 * it with 1009, invalid UTF-8 with 1007, a message that is not a contract call with 1003.
 */
export function createWsBinding(options: { handlers: Handlers; bus: EventBus; token: string; port: () => number }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxWsMessageBytes });
  const offBus = options.bus.onAny((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies ServerMessage);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  wss.on('connection', (socket: WebSocket) => {
    // ws has already sent the close frame with the code that says why; without a listener the
    // error would be thrown and end the process.
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => {
      answer(socket, { data, isBinary }, options.handlers).catch(() => socket.close(1011, 'internal error'));
    });
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      // Node removes its own error listener from an upgraded socket; a reset here must not be fatal.
      socket.on('error', () => socket.destroy());
      const target = parseRequestTarget(request.url);
      if (target === null) return refuse(socket, '400 Bad Request');
      if (target.path !== '/ws' || !isAllowedRequest(request, target, { token: options.token, port: options.port(), checkOrigin: true })) {
        return refuse(socket, '403 Forbidden');
      }
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    },
    close(): void {
      offBus();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function answer(socket: WebSocket, frame: { data: RawData; isBinary: boolean }, handlers: Handlers): Promise<void> {
  const message = frame.isBinary ? null : parseClientMessage(frame.data.toString());
  if (message === null) {
    socket.close(1003, 'not a contract call');
    return;
  }
  const result = await dispatch(handlers, message.op, message.input);
  let text: string;
  try {
    text = JSON.stringify({ type: 'result', id: message.id, result } satisfies ServerMessage);
  } catch {
    // An output JSON cannot hold (a cycle, a BigInt, nesting deeper than the stack) fails this call only.
    text = JSON.stringify({ type: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: `The answer to ${message.op} could not be sent.` } } } satisfies ServerMessage);
  }
  if (socket.readyState === socket.OPEN) socket.send(text);
}

function parseClientMessage(text: string): ClientMessage | null {
  try {
    const parsed = ClientMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
