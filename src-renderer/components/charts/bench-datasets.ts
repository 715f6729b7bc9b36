/** The three kinds of llama-bench test, drawn on separate charts: their tok/s differ by orders of magnitude. */
export type BenchTestKind = 'pp' | 'tg' | 'pp+tg';

export function kindOfTest(test: string): BenchTestKind {
  if (/^pp\d+\+tg\d+/.test(test)) return 'pp+tg';
  return test.startsWith('tg') ? 'tg' : 'pp';
}

/** One bar: a comparison row as the chart needs it. */
export interface BenchBar {
  test: string;
  /** The run and settings the bar stands for; bars of one series share a colour. */
  series: string;
  meanTs: number;
  stddevTs: number;
  isBest: boolean;
}

export interface BenchBarSeries {
  label: string;
  color: string;
  /** Mean tok/s per label (test); null where the series has no such test. */
  data: Array<number | null>;
  /** ± stddev per label, drawn by the error-bar plugin. */
  errors: Array<number | null>;
  best: boolean[];
}

export interface BenchBarData {
  labels: string[];
  series: BenchBarSeries[];
}

/**
 * Pure: bars → one category per test (in order of appearance) and one dataset per series, so
 * settings read across tests in one colour. Two bars of one series in one test (the same run
 * and settings twice) keep the first. Colours cycle through the palette.
 */
export function buildBenchBars(bars: readonly BenchBar[], palette: readonly string[]): BenchBarData {
  const labels = [...new Set(bars.map((bar) => bar.test))];
  const seriesNames = [...new Set(bars.map((bar) => bar.series))];
  const series = seriesNames.map((label, index): BenchBarSeries => {
    const byTest = new Map<string, BenchBar>();
    for (const bar of bars) if (bar.series === label && !byTest.has(bar.test)) byTest.set(bar.test, bar);
    return {
      label,
      color: palette[index % palette.length] ?? '#888888',
      data: labels.map((test) => byTest.get(test)?.meanTs ?? null),
      errors: labels.map((test) => byTest.get(test)?.stddevTs ?? null),
      best: labels.map((test) => byTest.get(test)?.isBest ?? false),
    };
  });
  return { labels, series };
}
