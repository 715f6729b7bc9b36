import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed the connection without a status line. */
  status: number;
  text: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads until the server closes it.
 * fetch() would normalise the path (`%2e%2e` becomes `..`, backslashes become slashes); an
 * attacker's client does not, so the tests that check what the server does with such paths
 * must not either. The request should ask for `connection: close`; the answer ends at the close.
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    // A reset after the answer was read is how some refusals end; what was read still counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text });
    });
    // No half-close: Node's HTTP server drops a request whose client has already ended its side.
    socket.write(request);
  });
}

/** A GET for a raw request target, with `connection: close` so the answer ends the connection. */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const lines = [`GET ${target} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return sendRaw(port, `${lines.join('\r\n')}\r\n\r\n`);
}
