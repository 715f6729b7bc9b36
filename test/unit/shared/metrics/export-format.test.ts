import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, metricNamesElsewhere, requestCsvColumns } from '../../../../src-shared/metrics/export-format';

/** Reads one RFC 4180 row back (the inverse of csvRow for a single line). */
function parseRow(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let value = '';
      at += 1;
      while (at < line.length && !(line[at] === '"' && line[at + 1] !== '"')) {
        const isEscapedQuote = line[at] === '"';
        value += line[at];
        at += isEscapedQuote ? 2 : 1;
      }
      fields.push(value);
      at += 2;
    } else {
      const end = line.indexOf(',', at);
      fields.push(line.slice(at, end === -1 ? line.length : end));
      at = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and leaves null empty', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvRow(['x', null, 3])).toBe('x,,3\r\n');
  });

  it('reads back every string field byte for byte', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (values) => {
      const row = csvRow(values).slice(0, -2);
      expect(parseRow(row)).toEqual(values);
    }));
  });

  it('names the request columns after RequestRecord fields', () => {
    expect(requestCsvColumns.slice(0, 5)).toEqual(['worker', 'vu', 'seq', 'stage', 'phase']);
  });
});

describe('names other tools use for our figures', () => {
  it('says that GuideLLM\'s and AIPerf\'s ITL is our TPOT and AIPerf\'s ICL is our ITL', () => {
    expect(metricNamesElsewhere.tpotMs).toMatch(/GuideLLM's ITL; AIPerf's ITL/);
    expect(metricNamesElsewhere.itlMs).toMatch(/AIPerf's ICL/);
    expect(metricNamesElsewhere.tpotMs).toMatch(/vLLM bench's and SGLang's TPOT \(the first token excluded/);
  });

  it('names every latency figure a reader compares with other tools', () => {
    expect(Object.keys(metricNamesElsewhere).sort()).toEqual(['e2eMs', 'itlMs', 'tpotMs', 'ttfcMs', 'ttftMs']);
  });
});
