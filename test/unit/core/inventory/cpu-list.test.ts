import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countCpuList, parseCpuList } from '../../../../src-main/core/inventory/cpu-list';

describe('parseCpuList', () => {
  it('expands ranges and single CPUs', () => {
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('')).toEqual([]);
    expect(countCpuList('0-7')).toBe(8);
  });

  it('refuses garbage and absurd ranges instead of allocating them', () => {
    expect(parseCpuList('0-999999999')).toBeNull();
    expect(parseCpuList('3-1')).toBeNull();
    expect(parseCpuList('a')).toBeNull();
  });

  it('round-trips any set of CPU ids written as a list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(300), { maxLength: 40 }), (ids) => {
        const sorted = [...ids].sort((a, b) => a - b);
        expect(parseCpuList(sorted.join(','))).toEqual(sorted);
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => {
      expect(() => parseCpuList(text)).not.toThrow();
    }));
  });
});
