import type { IncomingMessage, ServerResponse } from 'node:http';
import { authError, loadingError, notFoundError, serverError } from '../llama-errors';
import { handleChat, handleEmbeddings, handleNativeCompletion, handleTextCompletion } from './completion-routes';
import type { DemoContext } from './demo-context';
import { takeTurn } from './connection-policy';
import { parseJsonBody, readBody, sendError, writeHead, type Exchange, type JsonBody } from './http-io';
import {
  createMetricsHandler,
  handleApplyTemplate,
  handleDetokenize,
  handleHealth,
  handleInputTokens,
  handleModels,
  handleProps,
  handlePropsPost,
  handleSlots,
  handleTokenize,
  monotonicMicros,
} from './info-routes';

type GetHandler = (ctx: DemoContext, exchange: Exchange, query: URLSearchParams) => void;
type PostHandler = (ctx: DemoContext, exchange: Exchange, body: JsonBody) => void;

/** Paths that need no API key, as in llama.cpp's `public_endpoints`. */
const publicPaths = new Set(['/health', '/v1/health']);

/** The request handler of the demo server: loading gate, API key, route table, llama.cpp's 404. */
export function createRequestHandler(ctx: DemoContext): (req: IncomingMessage, res: ServerResponse) => void {
  const getRoutes: Record<string, GetHandler> = {
    '/health': handleHealth,
    '/v1/health': handleHealth,
    '/models': handleModels,
    '/v1/models': handleModels,
    '/props': handleProps,
    '/slots': handleSlots,
    '/metrics': createMetricsHandler(monotonicMicros()),
  };
  const postRoutes: Record<string, PostHandler> = {
    '/chat/completions': handleChat,
    '/v1/chat/completions': handleChat,
    '/completions': handleTextCompletion,
    '/v1/completions': handleTextCompletion,
    '/completion': handleNativeCompletion,
    '/v1/embeddings': handleEmbeddings,
    '/tokenize': handleTokenize,
    '/detokenize': handleDetokenize,
    '/apply-template': handleApplyTemplate,
    '/v1/chat/completions/input_tokens': handleInputTokens,
    '/props': handlePropsPost,
  };
  return (req, res) => {
    const x: Exchange = { req, res, connection: takeTurn(req, ctx.switches.keepAliveStreams) };
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (req.method === 'OPTIONS') return answerPreflight(x);
    if (ctx.isLoading()) return sendError(x, loadingError());
    if (!publicPaths.has(url.pathname) && !isAuthorized(req, ctx.switches.apiKeys)) return sendError(x, authError());
    const getRoute = req.method === 'GET' ? getRoutes[url.pathname] : undefined;
    const postRoute = req.method === 'POST' ? postRoutes[url.pathname] : undefined;
    if (getRoute !== undefined) return guard(x, () => getRoute(ctx, x, url.searchParams));
    if (postRoute !== undefined) return void dispatchPost(ctx, x, postRoute);
    sendError(x, notFoundError());
  };
}

async function dispatchPost(ctx: DemoContext, x: Exchange, route: PostHandler): Promise<void> {
  let text: string;
  try {
    text = await readBody(x.req);
  } catch (error) {
    sendError(x, serverError(error instanceof Error ? error.message : String(error)));
    return;
  }
  const parsed = parseJsonBody(text);
  if ('error' in parsed) return sendError(x, parsed.error);
  guard(x, () => route(ctx, x, parsed.body));
}

/** A handler that throws answers 500 server_error instead of dropping the connection. */
function guard(x: Exchange, run: () => void): void {
  try {
    run();
  } catch (error) {
    sendError(x, serverError(error instanceof Error ? error.message : String(error)));
  }
}

/** `Authorization: Bearer <key>` or `X-Api-Key: <key>`, as llama-server accepts. */
function isAuthorized(req: IncomingMessage, keys: readonly string[]): boolean {
  if (keys.length === 0) return true;
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const xApiKey = req.headers['x-api-key'];
  const candidate = bearer ?? (typeof xApiKey === 'string' ? xApiKey : undefined);
  return candidate !== undefined && keys.includes(candidate);
}

function answerPreflight(x: Exchange): void {
  const headers = {
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': '*',
  };
  writeHead(x, { status: 204, headers });
  x.res.end();
}
