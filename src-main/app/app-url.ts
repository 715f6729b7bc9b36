import { pathToFileURL } from 'node:url';

/** Where the window's own page comes from: the bundled index.html, or the dev server in development. */
export interface AppPageSource {
  /** Absolute path of the bundled out/renderer/index.html. */
  indexHtmlPath: string;
  /** ELECTRON_RENDERER_URL when electron-vite runs the dev server; undefined in a packaged app. */
  devServerUrl: string | undefined;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Builds the one test of "is this our own page": exactly the bundled index.html (any hash or
 * query, since the router lives in the hash), or exactly the dev server's origin. Anything else
 * — another local file, a look-alike host such as `http://localhost:5173.evil.test`, a
 * `file://` URL with a host — is foreign: it gets no navigation, no frames and no bridge.
 */
export function createAppUrlCheck(source: AppPageSource): (url: string) => boolean {
  const index = pathToFileURL(source.indexHtmlPath);
  const devOrigin = source.devServerUrl === undefined ? undefined : parse(source.devServerUrl)?.origin;
  return (url) => {
    const candidate = parse(url);
    if (!candidate) return false;
    if (candidate.protocol === 'file:') return candidate.host === index.host && candidate.pathname === index.pathname;
    // URL#origin is the string "null" for opaque origins (data:, blob:, about:), which never match a real one.
    return devOrigin !== undefined && devOrigin !== 'null' && candidate.origin === devOrigin;
  };
}
