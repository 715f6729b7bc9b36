import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppUrlCheck } from '../../../src-main/app/app-url';

const indexHtmlPath = join('/opt', 'LLM Workbench', 'resources', 'out', 'renderer', 'index.html');
const indexUrl = pathToFileURL(indexHtmlPath).href;

describe('the app page check in a packaged app', () => {
  const isAppUrl = createAppUrlCheck({ indexHtmlPath, devServerUrl: undefined });

  it('accepts the bundled index.html, with any hash route or query', () => {
    expect(isAppUrl(indexUrl)).toBe(true);
    expect(isAppUrl(`${indexUrl}#/runs/abc`)).toBe(true);
    expect(isAppUrl(`${indexUrl}?theme=dark#/bench`)).toBe(true);
  });

  it('refuses any other local file, such as an HTML file dropped on the window', () => {
    expect(isAppUrl('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(isAppUrl(pathToFileURL(join(indexHtmlPath, '..', 'other.html')).href)).toBe(false);
    expect(isAppUrl(pathToFileURL(`${indexHtmlPath}.html`).href)).toBe(false);
    expect(isAppUrl('file:///')).toBe(false);
  });

  it('refuses a file URL that names a host, even with the same path', () => {
    const remote = new URL(indexUrl);
    remote.host = 'attacker.example';
    expect(isAppUrl(remote.href)).toBe(false);
  });

  it('refuses web pages, opaque URLs and text that is not a URL at all', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'about:blank', 'data:text/html,<h1>x</h1>', 'javascript:alert(1)', '', 'index.html']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});

describe('the app page check in development', () => {
  const isAppUrl = createAppUrlCheck({ indexHtmlPath, devServerUrl: 'http://localhost:5173' });

  it('accepts any page of the dev server by its exact origin', () => {
    expect(isAppUrl('http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5173/index.html#/run')).toBe(true);
  });

  it('refuses look-alikes that a prefix test would let through', () => {
    expect(isAppUrl('http://localhost:5173.evil.test/')).toBe(false);
    expect(isAppUrl('http://localhost:51730/')).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.test/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false);
  });

  it('still refuses other local files', () => {
    expect(isAppUrl('file:///tmp/page.html')).toBe(false);
  });
});
