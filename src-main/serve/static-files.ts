import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The same CSP the Electron window gets, as a header: the page may only talk to its own origin. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Serves a file of the built renderer; never a path outside `rootDir`. Returns false when absent.
 * `path` is already decoded and normalised (see parseRequestTarget); the containment check below
 * still holds on its own, should a caller ever pass a raw one.
 */
export async function serveStatic(rootDir: string, path: string, response: ServerResponse): Promise<boolean> {
  const relative = normalize(path).replace(/^([/\\])+/, '');
  const file = join(rootDir, relative === '' ? 'index.html' : relative);
  if (file !== rootDir && !file.startsWith(rootDir + sep)) return false;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
  return true;
}
