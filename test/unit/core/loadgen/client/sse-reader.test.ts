import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseDataReader } from '../../../../../src-main/core/loadgen/client/sse-reader';

function collect(parts: readonly string[]): string[] {
  const reader = new SseDataReader();
  const payloads: string[] = [];
  const sink = { onEventData: (payload: string) => payloads.push(payload) };
  for (const part of parts) reader.push(part, sink);
  reader.end(sink);
  return payloads;
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const point of points) {
    parts.push(text.slice(from, point));
    from = point;
  }
  parts.push(text.slice(from));
  return parts;
}

describe('SseDataReader', () => {
  it('yields the data of each event and skips comment pings and other fields', () => {
    const stream = ': ping\n\nevent: message\nid: 7\ndata: {"a":1}\n\nretry: 10\n\ndata: [DONE]\n\n';
    expect(collect([stream])).toEqual(['{"a":1}', '[DONE]']);
  });

  it('reads CRLF line ends and data without the optional space', () => {
    expect(collect(['data:{"a":1}\r\n\r\ndata: x\r\n\r\n'])).toEqual(['{"a":1}', 'x']);
  });

  it('joins the data lines of one event with a newline', () => {
    expect(collect(['data: one\ndata: two\n\n'])).toEqual(['one\ntwo']);
  });

  it('delivers a last event that lacks its closing blank line but drops a torn line', () => {
    expect(collect(['data: [DONE]\n'])).toEqual(['[DONE]']);
    expect(collect(['data: {"a":1}\n\ndata: {"cho'])).toEqual(['{"a":1}']);
  });

  it('gives the same events however the stream is split into reads', () => {
    const payload = fc.string({ unit: fc.constantFrom('a', '{', '"', ':', ' ', 'é', '😀', 'd'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (payloads, isCrlf, cuts) => {
        const newline = isCrlf ? '\r\n' : '\n';
        const text = payloads.map((data) => `: ping${newline}data: ${data}${newline}${newline}`).join('');
        expect(collect(splitAt(text, cuts))).toEqual(payloads);
      }),
    );
  });
});
