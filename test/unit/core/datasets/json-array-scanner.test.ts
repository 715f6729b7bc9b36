import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { JsonArrayScanner } from '../../../../src-main/core/datasets/json-array-scanner';

interface Element {
  text: string;
  offset: number;
}

/** Feeds `text` to a scanner in pieces cut at `cuts` (byte positions) and returns what it emitted. */
function scan(text: string | Buffer, cuts: readonly number[] = [], maxElementBytes?: number): Element[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const elements: Element[] = [];
  const scanner = new JsonArrayScanner({ path: '/data/conversations.json', onElement: (t, offset) => elements.push({ text: t, offset }), ...(maxElementBytes ? { maxElementBytes } : {}) });
  const points = [...new Set([0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length), bytes.length])].sort((a, b) => a - b);
  for (let index = 1; index < points.length; index += 1) scanner.push(bytes.subarray(points[index - 1], points[index]));
  scanner.end();
  return elements;
}

function errorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('JsonArrayScanner', () => {
  it('emits each element of an array with the byte offset where it starts', () => {
    const text = '[ {"a": 1}, [2, 3] ,"x", 4.5e1, null ]';
    expect(scan(text)).toEqual([
      { text: '{"a": 1}', offset: 2 },
      { text: '[2, 3]', offset: 12 },
      { text: '"x"', offset: 20 },
      { text: '4.5e1', offset: 25 },
      { text: 'null', offset: 32 },
    ]);
  });

  it('is not fooled by brackets, commas and escaped quotes inside strings', () => {
    const value = { v: 'a ] } [ { , \\" \\\\ "end' };
    const text = JSON.stringify([value, value]);
    expect(scan(text).map((element) => JSON.parse(element.text))).toEqual([value, value]);
  });

  it('counts offsets in bytes and keeps multi-byte characters whole when a read splits them', () => {
    const text = '[{"t":"日本語 ü"},{"t":"é"}]';
    const second = Buffer.from(text).indexOf('{"t":"é"}');
    for (let cut = 1; cut < Buffer.byteLength(text); cut += 1) {
      const elements = scan(text, [cut]);
      expect(elements.map((element) => JSON.parse(element.text).t)).toEqual(['日本語 ü', 'é']);
      expect(elements[1]!.offset).toBe(second);
    }
  });

  it('reads an empty array, a byte-order mark and a trailing comma', () => {
    expect(scan('  [ ]  ')).toEqual([]);
    expect(scan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]))).toEqual([{ text: '1', offset: 4 }]);
    expect(scan('[1, 2,]').map((element) => element.text)).toEqual(['1', '2']);
  });

  it('names the byte where a file that is not a JSON array goes wrong', () => {
    expect(errorOf(() => scan('{"conversations": []}')).message).toBe("cannot read dataset conversations.json: expected '[' (a JSON array of conversations), found '{' at byte 0");
    expect(errorOf(() => scan('[{"a":1} {"b":2}]')).message).toMatch(/expected ',' or '\]' between entries, found '\{' at byte 9$/);
    expect(errorOf(() => scan('[1,,2]')).message).toMatch(/an empty entry \(two commas in a row\) at byte 3$/);
    expect(errorOf(() => scan('[1] x')).message).toMatch(/unexpected 'x' after the closing '\]' at byte 4$/);
    expect(errorOf(() => scan('')).message).toMatch(/the file is empty; expected a JSON array at byte 0$/);
    expect(errorOf(() => scan('{')).code).toBe('parse_error');
  });

  it('says which entry a truncated file ends inside', () => {
    const error = errorOf(() => scan('[{"a": 1}, {"b": "unterminated'));
    expect(error.message).toMatch(/the file ends before the closing '\]' inside the entry that starts at byte 11 \(truncated file\?\) at byte 30$/);
    expect(error.details).toEqual({ path: '/data/conversations.json', at: 'byte 30' });
  });

  it('stops at an entry larger than the limit instead of holding the rest of the file', () => {
    const error = errorOf(() => scan(`[{"a": "${'x'.repeat(5000)}`, [100, 2000, 4000], 1024));
    expect(error.message).toMatch(/an entry longer than 1 KB \(an unterminated string\?\) at byte 1$/);
  });

  it('gives the same elements however the bytes are split into reads', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.array(fc.nat(400), { maxLength: 12 }), fc.constantFrom('', ' ', '\n  '), (values, cuts, space) => {
        const text = `[${space}${values.map((value) => JSON.stringify(value, null, space.length > 1 ? 1 : 0)).join(`,${space}`)}${space}]`;
        const elements = scan(text, cuts);
        expect(elements.map((element) => JSON.parse(element.text))).toEqual(values.map((value) => JSON.parse(JSON.stringify(value))));
        for (const element of elements) expect(Buffer.from(text).subarray(element.offset).toString().startsWith(element.text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('either reads any text or fails with a parse error naming a byte', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.nat(200), { maxLength: 4 }), (text, cuts) => {
        try {
          scan(text, cuts);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('parse_error');
          expect((error as AppError).message).toMatch(/^cannot read dataset conversations\.json: .* at byte \d+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
