import type { IncomingMessage, ServerResponse } from 'node:http';
import { badJsonError, invalidRequestError, type LlamaError } from '../llama-errors';
import { connectionHeaders, type ConnectionTurn } from './connection-policy';

/** Bodies bigger than this are refused: a prompt of this size would not fit any slot anyway. */
const maxBodyBytes = 64 * 1024 * 1024;

/**
 * Headers every llama-server response carries. `Access-Control-Allow-Origin` echoes the Origin
 * (llama.cpp's default `--cors-origins *` with credentials echoes it; empty when there is none,
 * as the curl captures show).
 */
function baseHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return { Server: 'llama.cpp', 'Access-Control-Allow-Origin': typeof origin === 'string' ? origin : '' };
}

/** One request and its response, passed together through the HTTP layer. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Where the request stands on its connection: decides whether the connection is kept. */
  readonly connection: ConnectionTurn;
}

/** A response's status and its own headers; `isStream` for server-sent events. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly isStream?: boolean;
}

/**
 * Writes the status line and headers as llama-server does: its base headers, the response's own,
 * then the connection headers of connection-policy.ts (which also set up what happens to the
 * connection once the response ends). Every response of the demo goes through here.
 */
export function writeHead(x: Exchange, head: ResponseHead): void {
  const connection = connectionHeaders(x, { status: head.status, isStream: head.isStream === true });
  x.res.writeHead(head.status, { ...baseHeaders(x.req), ...head.headers, ...connection });
}

export function sendJson(x: Exchange, status: number, body: unknown): void {
  if (x.res.headersSent) return;
  const text = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) };
  writeHead(x, { status, headers });
  x.res.end(text);
}

export function sendError(exchange: Exchange, error: LlamaError): void {
  sendJson(exchange, error.status, error.body);
}

export interface TextBody {
  readonly contentType: string;
  readonly text: string;
  readonly headers?: Record<string, string>;
}

export function sendText(x: Exchange, body: TextBody): void {
  const length = String(Buffer.byteLength(body.text));
  writeHead(x, { status: 200, headers: { ...body.headers, 'Content-Type': body.contentType, 'Content-Length': length } });
  x.res.end(body.text);
}

/** Reads the whole body as UTF-8, refusing bodies over the size limit. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error(`request body larger than ${maxBodyBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type JsonBody = Record<string, unknown>;

/** Parses a JSON object body; errors are llama.cpp's (500 for malformed JSON, 400 for a non-object). */
export function parseJsonBody(text: string): { body: JsonBody } | { error: LlamaError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return { error: badJsonError(text, cause) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: invalidRequestError('request body must be a JSON object') };
  }
  return { body: value as JsonBody };
}
