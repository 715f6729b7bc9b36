import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestTarget } from './request-target';

/**
 * Browser mode listens on 127.0.0.1 only, but any web page the user visits can still try to
 * reach it. Three checks close that door: the random session token, a Host header naming
 * loopback (defeats DNS rebinding), and for WebSockets an Origin equal to our own. The token is
 * read from the already parsed target, so a request no parser accepts never gets this far.
 */
export function isAllowedRequest(request: IncomingMessage, target: RequestTarget, options: { token: string; port: number; checkOrigin: boolean }): boolean {
  if (!tokenMatches(target.query.get('token'), options.token)) return false;
  const allowedHosts = [`127.0.0.1:${options.port}`, `localhost:${options.port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) return false;
  if (!options.checkOrigin) return true;
  const origin = request.headers.origin;
  return origin === undefined || allowedHosts.some((host) => origin === `http://${host}`);
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
