import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server that streams a fixed chat answer at once: the load generator's ceiling, with no model in the way. */
export interface CannedStreamServer {
  readonly url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;

/** The `max_tokens` a chat request asked for (1 when absent or unreadable), capped at 4096 chunks. */
function requestedTokens(body: string): number {
  try {
    const parsed = JSON.parse(body) as { max_tokens?: unknown };
    const value = typeof parsed.max_tokens === 'number' && Number.isFinite(parsed.max_tokens) ? Math.floor(parsed.max_tokens) : 1;
    return Math.min(Math.max(value, 1), 4096);
  } catch {
    return 1;
  }
}

/**
 * One SSE answer the way llama-server streams it (a role chunk, one chunk a token, a finish
 * chunk with usage, then [DONE]), written in one go so the only cost measured is the client's.
 */
function cannedAnswer(tokens: number): string {
  const chunk = (delta: object, extra: object = {}): string =>
    `data: ${JSON.stringify({ id: 'canned', object: 'chat.completion.chunk', created: 0, model: 'canned', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
  const parts = [chunk({ role: 'assistant', content: null })];
  for (let index = 0; index < tokens; index += 1) parts.push(chunk({ content: ' word' }));
  const usage = { prompt_tokens: 8, completion_tokens: tokens, total_tokens: 8 + tokens };
  parts.push(`data: ${JSON.stringify({ id: 'canned', object: 'chat.completion.chunk', created: 0, model: 'canned', choices: [{ index: 0, delta: {}, finish_reason: 'length' }], usage })}\n\n`);
  parts.push('data: [DONE]\n\n');
  return parts.join('');
}

function answer(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'GET' && request.url === '/v1/models') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'canned', object: 'model' }] }));
    return;
  }
  if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"the canned stream answers /v1/chat/completions only"}}');
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (part: string) => {
    body += part;
    if (body.length > maxBodyBytes) request.destroy();
  });
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.end(cannedAnswer(requestedTokens(body)));
  });
}

/** Starts the canned stream on 127.0.0.1 at a free port. */
export async function startCannedStreamServer(): Promise<CannedStreamServer> {
  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
