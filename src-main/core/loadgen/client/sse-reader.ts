/** Receives the `data` of each complete server-sent event. */
export interface SseDataSink {
  onEventData(payload: string): void;
}

const carriageReturn = 13;
const space = 32;

/**
 * A lean text/event-stream reader for one response at a time (reset between requests).
 *
 * Only `data:` fields matter for OpenAI-style streams: comment lines (llama.cpp's `:` pings),
 * `event:`, `id:` and `retry:` are skipped. Lines end in LF or CRLF. Several `data:` lines of
 * one event are joined with a newline, as the SSE spec says. The only string kept between
 * reads is the unfinished last line, so a chunk that splits a line anywhere is handled.
 */
export class SseDataReader {
  private carry = '';
  private pending: string | null = null;

  reset(): void {
    this.carry = '';
    this.pending = null;
  }

  /** Feed decoded text; complete events are handed to the sink before this returns. */
  push(text: string, sink: SseDataSink): void {
    const buffer = this.carry.length === 0 ? text : this.carry + text;
    let start = 0;
    let newline = buffer.indexOf('\n', start);
    while (newline !== -1) {
      const end = newline > start && buffer.charCodeAt(newline - 1) === carriageReturn ? newline - 1 : newline;
      if (end === start) this.dispatch(sink);
      else this.readField(buffer, start, end);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    this.carry = start === buffer.length ? '' : buffer.slice(start);
  }

  /**
   * The stream ended. An event whose lines all arrived but whose closing blank line did not is
   * still delivered (some servers end on `data: [DONE]\n`); a torn last line is dropped.
   */
  end(sink: SseDataSink): void {
    this.carry = '';
    this.dispatch(sink);
  }

  /** A non-blank line: keep it if it is a `data:` field. */
  private readField(buffer: string, start: number, end: number): void {
    if (!buffer.startsWith('data:', start)) return;
    let valueStart = start + 5;
    if (buffer.charCodeAt(valueStart) === space) valueStart += 1;
    const value = buffer.slice(valueStart, end);
    this.pending = this.pending === null ? value : `${this.pending}\n${value}`;
  }

  private dispatch(sink: SseDataSink): void {
    if (this.pending === null) return;
    const payload = this.pending;
    this.pending = null;
    sink.onEventData(payload);
  }
}
