import { sendRaw, type RawResponse } from './raw-http';

/** One hostile HTTP request and what a safe answer to it looks like. */
export interface HttpCase {
  name: string;
  request: string;
  /** Statuses a safe server may answer; 0 means it may just close the connection. */
  allowed: number[];
  /** Megabytes on the wire: sent once rather than every round, to keep the run short. */
  isHeavy?: boolean;
}

const badEscapes = ['/%ff', '/%E0%A4%A', '/%', '/%%', '/%g0', '/%zz/index.html', '/assets/%c0%af', '/%ed%a0%80', '/%00', '/index.html%00', '/assets/%ff.js', '/ws%ff', '/assets/a.js%00.html', '/assets/%c0%ae%c0%ae/index.html'];

/** Every spelling of a climb out of /assets or the renderer folder, and of the page itself. */
const traversals = [
  '/%2findex.html', '/assets/..%2findex.html', '/assets/%2e%2e/index.html', '/assets/..\\index.html', '/assets/%2e%2e%5cindex.html',
  '//index.html', '/./index.html', '/assets/../index.html', '/assets/.%2e/index.html', '/assets/%2E%2E/index.html', '/assets/..;/index.html',
  '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
  '/assets/..%5c..%5c..%5cpackage.json', '/assets/..\\..\\..\\package.json', '/%252e%252e/%252e%252e/etc/passwd', '/assets/%252e%252e%252findex.html',
  '/assets/....//....//etc/passwd', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/', '/assets', '/assets/..', '/assets/%2e%2e',
  '/.git/config', '/package.json', '/../../../../etc/passwd', '/assets/../../../../../../etc/passwd',
];

function get(port: number, target: string, headers: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = { host: `127.0.0.1:${port}`, connection: 'close', ...headers };
  const lines = Object.entries(all).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]));
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

function withBody(port: number, method: string, body: string, headers: string[] = []): string {
  return [`${method} /?token=x HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: close', ...headers, '', body].join('\r\n');
}

/**
 * Bad escapes, traversal, missing and wrong tokens, wrong Host headers, odd methods, oversize
 * headers and bodies, request smuggling shapes and plain garbage. With the right token a
 * traversal may reach the page (200) but never a file outside the renderer folder.
 */
export function hostileHttpCases(port: number, token: string): HttpCase[] {
  const page = `/?token=${token}`;
  const cases: HttpCase[] = [
    ...badEscapes.map((target) => ({ name: `bad escape ${target}`, request: get(port, target), allowed: [400] })),
    ...badEscapes.map((target) => ({ name: `bad escape with token ${target}`, request: get(port, `${target}?token=${token}`), allowed: [400] })),
    ...traversals.map((target) => ({ name: `traversal ${target}`, request: get(port, target), allowed: [403, 404] })),
    ...traversals.map((target) => ({ name: `traversal with token ${target}`, request: get(port, `${target}?token=${token}`), allowed: [200, 403, 404] })),
    ...['/', '/index.html', '/?token=', '/?token=wrong', `/?token=${token}x`, `/?token=${token.slice(1)}`, `/?token=x&token=${token}`, `/?TOKEN=${token}`].map((target) => ({
      name: `token ${target}`,
      request: get(port, target),
      allowed: [403],
    })),
    ...['evil.example', `evil.example:${port}`, '127.0.0.1', `localhost.evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1:${port}@evil.example`].map((host) => ({
      name: `host ${host}`,
      request: get(port, page, { host }),
      allowed: [403],
    })),
    { name: 'no host header', request: get(port, page, { host: undefined }), allowed: [400] },
    // Node keeps the first Host header and drops the rest, so this one is served or refused, never confused.
    { name: 'two host headers', request: get(port, page, { Host: 'evil.example' }), allowed: [200, 400, 403] },
    ...['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND'].map((method) => ({
      name: `method ${method}`,
      request: get(port, page).replace(/^GET/, method),
      allowed: [400, 404, 405],
    })),
    { name: 'CONNECT', request: `CONNECT 127.0.0.1:22 HTTP/1.1\r\nhost: 127.0.0.1:22\r\n\r\n`, allowed: [0, 400, 404, 405] },
    { name: 'absolute-form target', request: get(port, `http://127.0.0.1:${port}/index.html`), allowed: [400] },
    { name: 'asterisk target', request: get(port, '*'), allowed: [400] },
    { name: 'header of 20 KB', request: get(port, page, { 'x-big': 'a'.repeat(20_000) }), allowed: [431] },
    { name: 'target of 100 KB', request: get(port, `/${'a'.repeat(100_000)}`), allowed: [414, 431], isHeavy: true },
    { name: 'body of 1 MB', request: withBody(port, 'POST', 'x'.repeat(1_000_000), ['content-length: 1000000']), allowed: [403, 404], isHeavy: true },
    { name: 'negative content-length', request: withBody(port, 'POST', 'x', ['content-length: -1']), allowed: [400] },
    { name: 'content-length and chunked', request: withBody(port, 'POST', '0\r\n\r\n', ['content-length: 5', 'transfer-encoding: chunked']), allowed: [400] },
    { name: 'two content-lengths', request: withBody(port, 'POST', 'xx', ['content-length: 1', 'content-length: 2']), allowed: [400] },
    { name: 'bad chunk size', request: withBody(port, 'POST', 'zz\r\nxx\r\n0\r\n\r\n', ['transfer-encoding: chunked']), allowed: [400, 403] },
    { name: 'garbage', request: 'GARBAGE\r\n\r\n', allowed: [400] },
    { name: 'TLS hello', request: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', allowed: [0, 400] },
    { name: 'HTTP/9.9', request: `GET / HTTP/9.9\r\nhost: 127.0.0.1:${port}\r\n\r\n`, allowed: [400, 505] },
    { name: 'raw byte 0xff in target', request: get(port, '/\xff\xfe'), allowed: [400] },
    { name: 'NUL in header', request: get(port, page, { 'x-a': 'a\0b' }), allowed: [400] },
    { name: 'LF-only line ends', request: `GET ${page} HTTP/1.1\nhost: 127.0.0.1:${port}\nconnection: close\n\n`, allowed: [200, 400] },
  ];
  return cases;
}

/** What a file outside the renderer folder would show if one ever leaked. */
const leakMarkers = ['root:x:0:0', '"name": "llm-workbench"', 'repositoryformatversion'];

/** Why this answer is unsafe, or null when it is fine. */
export function judgeHttp(testCase: HttpCase, response: RawResponse): string | null {
  if (!testCase.allowed.includes(response.status)) return `${testCase.name}: status ${response.status}, expected one of ${testCase.allowed.join(', ')}`;
  const leak = leakMarkers.find((marker) => response.text.includes(marker));
  if (leak !== undefined) return `${testCase.name}: the answer holds "${leak}"`;
  if (response.status === 200 && !response.text.includes('<title>LLM Workbench</title>')) return `${testCase.name}: 200 with something other than the page`;
  return null;
}

export async function sendHttpCase(port: number, testCase: HttpCase): Promise<string | null> {
  return judgeHttp(testCase, await sendRaw(port, Buffer.from(testCase.request, 'latin1')));
}
