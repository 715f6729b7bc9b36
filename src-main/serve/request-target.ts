import { posix } from 'node:path';

/** What a request asks for, once its target has been decoded and normalised. */
export interface RequestTarget {
  /** Decoded, with `\` read as `/`, `.` and `..` resolved, always starting with `/` and never above it. */
  path: string;
  query: URLSearchParams;
}

/**
 * Reads a request target the way the file system will see it, so every check (token, page or
 * asset, inside the renderer folder) runs on the path that is actually served. Returns null for
 * anything that is not an origin-form path (`*`, an absolute URL), a malformed
 * percent-escape, or a NUL byte: the caller answers 400. Never throws.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  // `//index.html` is a path here (RFC 9112 origin-form), not the scheme-relative URL `new URL` sees.
  if (raw === undefined || !raw.startsWith('/')) return null;
  const queryAt = raw.indexOf('?');
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // Browsers read `\` as `/`; so does this server, so `..\` climbs no further than `../` does.
  const path = posix.normalize(decoded.replaceAll('\\', '/'));
  return { path, query: new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1)) };
}

/**
 * The built bundle's scripts, styles and fonts live under /assets and hold no data, so they are
 * the only paths served without the token. Everything else, above all every spelling of the page
 * itself, needs it. The rule reads the normalised path, so `/assets/..%2findex.html` is the page.
 */
export function isPublicAsset(target: RequestTarget): boolean {
  return target.path.startsWith('/assets/') && target.path.length > '/assets/'.length;
}
