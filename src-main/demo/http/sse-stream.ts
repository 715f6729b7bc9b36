import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { baseHeaders, type Exchange } from './http-io';

/**
 * One server-sent-events response, framed as llama-server frames it: `data: <json>` and a blank
 * line per event, several events of one step in a single write, `:` comment lines as keep-alive.
 */
export class SseStream {
  /** Monotonic ms of the last write; the server's one ping timer reads it. */
  lastWriteMs = performance.now();
  private opened = false;
  private readonly req: IncomingMessage;
  private readonly res: ServerResponse;

  constructor(exchange: Exchange) {
    this.req = exchange.req;
    this.res = exchange.res;
  }

  get isOpen(): boolean {
    return this.opened && !this.res.writableEnded;
  }

  /** Sends the headers: llama.cpp does it when prompt processing starts, not when the request queues. */
  open(): void {
    if (this.opened || this.res.headersSent) return;
    this.opened = true;
    this.res.writeHead(200, {
      ...baseHeaders(this.req),
      'X-Accel-Buffering': 'no',
      'Content-Type': 'text/event-stream',
    });
    this.res.flushHeaders();
    this.lastWriteMs = performance.now();
  }

  /** Writes events (already-serialised JSON strings) in one write. */
  send(events: readonly string[]): void {
    if (!this.isOpen || events.length === 0) return;
    let text = '';
    for (const event of events) text += `data: ${event}\n\n`;
    this.res.write(text);
    this.lastWriteMs = performance.now();
  }

  /** A keep-alive comment for streams silent for a while (a long prefill). */
  ping(): void {
    if (!this.isOpen) return;
    this.res.write(':\n\n');
    this.lastWriteMs = performance.now();
  }

  /** Ends the stream, with `data: [DONE]` on the OpenAI routes. */
  end(withDone: boolean): void {
    if (!this.isOpen) return;
    this.res.end(withDone ? 'data: [DONE]\n\n' : undefined);
  }
}
