import { describe, expect, it } from 'vitest';
import { buildBenchBars, kindOfTest } from '../../../../../src-renderer/components/charts/bench-datasets';

describe('kindOfTest', () => {
  it('sorts llama-bench test labels into the three charts', () => {
    expect(['pp512', 'pp512 @ d4096', 'tg128', 'tg128 @ d4096', 'pp512+tg128', 'pp64+tg16 @ d128'].map(kindOfTest)).toEqual(['pp', 'pp', 'tg', 'tg', 'pp+tg', 'pp+tg']);
  });
});

describe('buildBenchBars', () => {
  it('makes one category per test and one dataset per series, with gaps where a series lacks a test', () => {
    const bars = [
      { test: 'tg128', series: 'A · threads 4', meanTs: 30, stddevTs: 1, isBest: false },
      { test: 'tg128', series: 'A · threads 8', meanTs: 41, stddevTs: 0.5, isBest: true },
      { test: 'tg128 @ d4096', series: 'A · threads 8', meanTs: 35, stddevTs: 2, isBest: true },
    ];
    const built = buildBenchBars(bars, ['#111111', '#222222']);
    expect(built.labels).toEqual(['tg128', 'tg128 @ d4096']);
    expect(built.series).toEqual([
      { label: 'A · threads 4', color: '#111111', data: [30, null], errors: [1, null], best: [false, false] },
      { label: 'A · threads 8', color: '#222222', data: [41, 35], errors: [0.5, 2], best: [true, true] },
    ]);
  });

  it('cycles the palette when there are more series than colours', () => {
    const bars = ['a', 'b', 'c'].map((series) => ({ test: 'pp512', series, meanTs: 1, stddevTs: 0, isBest: false }));
    expect(buildBenchBars(bars, ['#111111', '#222222']).series.map((series) => series.color)).toEqual(['#111111', '#222222', '#111111']);
  });
});
