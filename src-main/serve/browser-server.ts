import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { EventBus } from '../core/events';
import { isAllowedRequest } from './request-guard';
import { isPublicAsset, parseRequestTarget } from './request-target';
import { serveStatic } from './static-files';
import { createWsBinding } from './ws-binding';

interface HttpContext {
  rendererDir: string;
  token: string;
  port: number;
}

export interface BrowserServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Browser mode: one process serves the built renderer and the contract over a WebSocket,
 * on 127.0.0.1 only, behind a random token that appears only in the printed URL.
 */
export async function startBrowserServer(options: { handlers: Handlers; bus: EventBus; rendererDir: string; port?: number }): Promise<BrowserServer> {
  if (!existsSync(`${options.rendererDir}/index.html`)) {
    throw new AppError('not_found', `The user interface is not built (no ${options.rendererDir}/index.html).`, { hint: 'Run `npm run build` once, then start browser mode again.' });
  }
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const ws = createWsBinding({ handlers: options.handlers, bus: options.bus, token, port: () => port });
  const server = createServer((request, response) => handleHttp(request, response, { rendererDir: options.rendererDir, token, port }));
  server.on('upgrade', (request, socket, head) => ws.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    async close() {
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every request gets an answer and no failure escapes: one bad request must not end the process. */
function handleHttp(request: IncomingMessage, response: ServerResponse, context: HttpContext): void {
  answerHttp(request, response, context).catch(() => {
    if (response.headersSent) response.destroy();
    else sendText(response, 500, 'LLM Workbench could not answer this request.\n');
  });
}

async function answerHttp(request: IncomingMessage, response: ServerResponse, context: HttpContext): Promise<void> {
  const target = parseRequestTarget(request.url);
  if (target === null) return sendText(response, 400, 'LLM Workbench could not read the address of this request.\n');
  if (!isPublicAsset(target) && !isAllowedRequest(request, target, { token: context.token, port: context.port, checkOrigin: false })) {
    return sendText(response, 403, 'LLM Workbench refused this request: open the exact URL that `llmwb serve` printed (it carries the session token).\n');
  }
  if (request.method !== 'GET' || !(await serveStatic(context.rendererDir, target.path, response))) sendText(response, 404, 'Not found\n');
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
