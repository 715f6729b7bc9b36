import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../src-shared/contract';
import { ClientMessage, type ServerMessage } from '../../src-shared/contract/wire';
import { dispatch } from '../core/dispatch';
import type { EventBus } from '../core/events';
import { isAllowedRequest } from './request-guard';

/**
 * The contract over a WebSocket at /ws. Each connection must present the session token
 * and come from this server's own origin; every message is parsed before it reaches the core.
 */
export function createWsBinding(options: { handlers: Handlers; bus: EventBus; token: string; port: () => number }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const offBus = options.bus.onAny((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies ServerMessage);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data) => void answer(socket, data.toString(), options.handlers));
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/ws' || !isAllowedRequest(request, { token: options.token, port: options.port(), checkOrigin: true })) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
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

async function answer(socket: WebSocket, text: string, handlers: Handlers): Promise<void> {
  let message: ClientMessage;
  try {
    message = ClientMessage.parse(JSON.parse(text));
  } catch {
    socket.close(1003, 'malformed message');
    return;
  }
  const result = await dispatch(handlers, message.op, message.input);
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'result', id: message.id, result } satisfies ServerMessage));
}
