import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteArgv, quoteWord, shScriptArgv } from '../../../../src-main/core/hosts/argv';

/**
 * Reads back the only two word shapes quoteWord writes: a bare word of safe characters, or
 * single-quoted runs joined by `\'`. A strict reader: anything else fails the test.
 */
function unquoteWord(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,/:@%^]+$/.test(word)) return word;
  const match = /^'(.*)'$/s.exec(word);
  if (match === null) throw new Error(`not a quoted word: ${word}`);
  const parts = match[1]!.split(`'\\''`);
  if (parts.some((part) => part.includes("'"))) throw new Error(`stray quote in ${word}`);
  return parts.join("'");
}

describe('quoteArgv', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(quoteArgv(['ls', '-la', '/tmp/x'])).toBe('ls -la /tmp/x');
    expect(quoteArgv(['echo', '; touch pwned'])).toBe("echo '; touch pwned'");
    expect(quoteArgv(['echo', "it's $(id) `id`"])).toBe(`echo 'it'\\''s $(id) \`id\`'`);
    expect(quoteWord('')).toBe("''");
  });

  it('refuses an empty argv and NUL bytes, which no argv can carry', () => {
    expect(() => quoteArgv([])).toThrowError(/at least one word/);
    expect(() => quoteArgv(['a\0b'])).toThrowError(/NUL/);
  });

  it('writes every word so that it reads back byte for byte and nothing outside quotes is special', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }).map((word) => word.replaceAll('\0', '')), { minLength: 1, maxLength: 8 }), (argv) => {
        const words = argv.map(quoteWord);
        expect(words.map(unquoteWord)).toEqual(argv);
        for (const word of words) {
          const outside = word.replace(/'[^']*'/g, '').replaceAll("\\'", '');
          expect(outside).toMatch(/^[A-Za-z0-9_\-+=.,/:@%^]*$/);
        }
        expect(quoteArgv(argv)).toBe(words.join(' '));
      }),
      { numRuns: 500 },
    );
  });

  it('builds `sh -c SCRIPT NAME ARGS…` so values arrive only as positional parameters', () => {
    expect(shScriptArgv('echo "$1"', 'probe', ['; rm -rf /'])).toEqual(['sh', '-c', 'echo "$1"', 'probe', '; rm -rf /']);
  });
});
