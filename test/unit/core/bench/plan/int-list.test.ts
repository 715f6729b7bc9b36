import { describe, expect, it } from 'vitest';
import { maxListValues, parseIntList } from '../../../../../src-main/core/bench/plan/int-list';

describe('parseIntList', () => {
  it.each([
    ['512', [512]],
    ['1-8*2', [1, 2, 4, 8]],
    ['128-512+128', [128, 256, 384, 512]],
    ['0,10-30+10,99', [0, 10, 20, 30, 99]],
    ['-1', [-1]],
    [' 4 , 8 ', [4, 8]],
  ])('reads "%s" as llama-bench does', (text, values) => {
    expect(parseIntList(text)).toEqual({ ok: true, values });
  });

  it('takes numbers from a form as they are', () => {
    expect(parseIntList([4, '8'])).toEqual({ ok: true, values: [4, 8] });
    expect(parseIntList(16)).toEqual({ ok: true, values: [16] });
  });

  it('reports every bad item at once', () => {
    expect(parseIntList('4,x,,8-1,1-8*1,2.5')).toEqual({
      ok: false,
      problems: [
        '"x" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2',
        'an empty value (two commas in a row, or nothing at all)',
        '"8-1": a range must go up (first-last)',
        '"1-8*1": the multiplier must be 2 or more',
        '"2.5" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2',
      ],
    });
  });

  it('refuses ranges that would plan an endless benchmark', () => {
    expect(parseIntList('1-100000')).toEqual({ ok: false, problems: [`"1-100000" expands to 100000 values, more than ${maxListValues}`] });
    expect(parseIntList('0-8*2')).toEqual({ ok: false, problems: ['"0-8*2": a multiplied range must start at 1 or more'] });
  });
});
