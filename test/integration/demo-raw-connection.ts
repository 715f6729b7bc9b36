import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response as it came off the wire: the header block verbatim, the body de-chunked. */
export interface WireResponse {
  readonly status: number;
  /** Status line and header lines, CRLF-separated, ending with the blank line (as curl -D writes them). */
  readonly head: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

/** How a connection ended, as the client saw it. */
export interface ConnectionEnd {
  /** The server's FIN arrived. */
  readonly serverEnded: boolean;
  /** A socket error such as ECONNRESET or EPIPE, if one came. */
  readonly errorCode: string | undefined;
  /** Bytes received after the last complete response. */
  readonly bytesAfterLastResponse: number;
}

/**
 * A client connection that writes raw HTTP/1.1 and reads whole responses off one socket, so a
 * test sees what fetch() and its pool hide: whether the server keeps the connection, and what a
 * request written on a socket the server is closing gets back.
 */
export class RawConnection {
  readonly ended: Promise<ConnectionEnd>;
  private buffer = Buffer.alloc(0);
  private serverEnded = false;
  private errorCode: string | undefined;
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    socket.on('end', () => {
      this.serverEnded = true;
      this.waiter?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCode = error.code;
    });
    this.ended = new Promise((resolve) => {
      socket.on('close', () => {
        this.waiter?.();
        resolve({ serverEnded: this.serverEnded, errorCode: this.errorCode, bytesAfterLastResponse: this.buffer.length });
      });
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** The client's port: one value per TCP connection. */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  send(request: string): void {
    this.socket.write(request);
  }

  /**
   * Resolves with the next complete response; `thenSend` is written in the same callback that
   * completed it, before the socket can report the server's close (a pooled client that reuses
   * the socket at once). Rejects if the connection ends first.
   */
  nextResponse(thenSend?: string): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const response = this.take();
        if (response !== undefined) {
          this.waiter = undefined;
          if (thenSend !== undefined) this.send(thenSend);
          resolve(response);
        } else if (this.serverEnded || this.socket.destroyed) {
          this.waiter = undefined;
          reject(new Error(`connection ended before a whole response (${this.buffer.length} bytes pending)`));
        }
      };
      this.waiter = check;
      check();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private take(): WireResponse | undefined {
    const parsed = parseResponse(this.buffer);
    if (parsed !== undefined) this.buffer = this.buffer.subarray(parsed.end);
    return parsed?.response;
  }
}

/** The first whole response in `bytes` and where it ends; undefined while it is incomplete. */
function parseResponse(bytes: Buffer): { response: WireResponse; end: number } | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = bytes.subarray(0, headEnd + 4).toString('latin1');
  const lines = head.split('\r\n').slice(1, -2);
  const headers = lines.map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
  const header = (name: string): string | undefined => headers.find(([key]) => key.toLowerCase() === name)?.[1];
  const body = header('transfer-encoding') === 'chunked' ? readChunked(bytes, headEnd + 4) : readSized(bytes, headEnd + 4, Number(header('content-length') ?? 0));
  if (body === undefined) return undefined;
  return { response: { status: Number(head.slice(9, 12)), head, headers, body: body.text }, end: body.end };
}

function readSized(bytes: Buffer, start: number, length: number): { text: string; end: number } | undefined {
  if (bytes.length < start + length) return undefined;
  return { text: bytes.subarray(start, start + length).toString('utf8'), end: start + length };
}

/** De-chunks a chunked body; undefined until the terminating zero-size chunk has arrived. */
function readChunked(bytes: Buffer, start: number): { text: string; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    if (size === 0) return { text: Buffer.concat(parts).toString('utf8'), end: lineEnd + 4 };
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** A request as curl sends one: HTTP/1.1, a Host header, a JSON body when there is one. */
export function rawRequest(method: 'GET' | 'POST', path: string, body?: unknown): string {
  const text = body === undefined ? '' : JSON.stringify(body);
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Accept: */*'];
  if (body !== undefined) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(text)}`);
  return `${lines.join('\r\n')}\r\n\r\n${text}`;
}
