import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPublicAsset, parseRequestTarget } from '../../../src-main/serve/request-target';

/** Request targets built from the pieces attackers use: escapes (good and broken), dots, both slashes. */
const hostileTarget = fc
  .array(fc.constantFrom('/', '\\', '.', '..', '%2f', '%2F', '%5c', '%2e', '%2e%2e', '%', '%ff', '%E0%A4%A', '%00', '%252e', 'assets', 'index.html', 'ws', '?token=t', '&', '#'), { maxLength: 12 })
  .map((pieces) => `/${pieces.join('')}`);

/** `/assets/` followed by climbs spelled every way, ending at the page. */
const climbToPage = fc
  .tuple(fc.array(fc.constantFrom('..', '%2e%2e', '.%2e', '%2E.', '.'), { minLength: 1, maxLength: 4 }), fc.constantFrom('/', '\\', '%2f', '%5C'))
  .map(([climbs, slash]) => `/assets/${climbs.map((climb) => climb + slash).join('')}index.html`);

describe('reading a request target', () => {
  it('decodes and normalises the path and keeps the query apart', () => {
    expect(parseRequestTarget('/assets/..%2findex.html?token=abc')).toEqual({ path: '/index.html', query: new URLSearchParams('token=abc') });
    expect(parseRequestTarget('/assets/%2e%2e\\..\\index.html')?.path).toBe('/index.html');
    expect(parseRequestTarget('//index.html')?.path).toBe('/index.html');
    expect(parseRequestTarget('/a%3fb?c=d')?.path).toBe('/a?b');
  });

  it('gives null, never an exception, for bad escapes, NUL bytes and targets that are not paths', () => {
    for (const raw of ['/%ff', '/%E0%A4%A', '/%', '/%00', '/a%00.js', '*', 'http://127.0.0.1/', '', undefined]) {
      expect(parseRequestTarget(raw)).toBeNull();
    }
  });

  it('never throws, and every path it gives starts at / with no .., backslash or NUL left', () => {
    fc.assert(
      fc.property(fc.oneof(hostileTarget, fc.string().map((text) => `/${text}`)), (raw) => {
        const target = parseRequestTarget(raw);
        if (target === null) return;
        expect(target.path.startsWith('/')).toBe(true);
        expect(target.path.split('/')).not.toContain('..');
        expect(target.path).not.toMatch(/[\\\0]/);
      }),
    );
  });

  it('treats no spelling of the page as a public asset', () => {
    fc.assert(
      fc.property(fc.oneof(hostileTarget, climbToPage), (raw) => {
        const target = parseRequestTarget(raw);
        if (target !== null && (target.path === '/' || target.path === '/index.html')) expect(isPublicAsset(target)).toBe(false);
      }),
    );
    expect(isPublicAsset(parseRequestTarget('/assets/index-1.js')!)).toBe(true);
    expect(isPublicAsset(parseRequestTarget('/assets/')!)).toBe(false);
  });
});
