import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { writeHead, type Exchange } from './http-io';

/**
 * One server-sent-events response, framed as llama-server frames it: `data: <json>` and a blank
 * line per event, several events of one step in a single write, `:` comment lines as keep-alive.
 */
export class SseStream {
  /** Monotonic ms of the last write; the server's one ping timer reads it. */
  lastWriteMs = performance.now();
  private opened = false;
  private readonly exchange: Exchange;
  private readonly res: ServerResponse;

  constructor(exchange: Exchange) {
    this.exchange = exchange;
    this.res = exchange.res;
  }

  get isOpen(): boolean {
    return this.opened && !this.res.writableEnded;
  }

  /** Sends the headers: llama.cpp does it when prompt processing starts, not when the request queues. */
  open(): void {
    if (this.opened || this.res.headersSent) return;
    this.opened = true;
    // The connection closes when the stream ends, as llama-server's does (see connection-policy.ts).
    // Transfer-Encoding is named here only so it comes before Keep-Alive, in the captured order.
    writeHead(this.exchange, { status: 200, headers: { 'X-Accel-Buffering': 'no', 'Content-Type': 'text/event-stream', 'Transfer-Encoding': 'chunked' }, isStream: true });
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
