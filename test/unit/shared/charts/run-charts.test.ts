import { describe, expect, it } from 'vitest';
import { errorsChart, itlChart, queueChart, runTimeAxisMaxS, serverViewChart, throughputChart, ttftChart } from '../../../../src-shared/charts/run-charts';
import type { SeriesPoint } from '../../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../../src-shared/schemas/server-sample';

const second = (tS: number, over: Partial<SeriesPoint> = {}): SeriesPoint => ({
  tS,
  completed: 4,
  failed: 0,
  outputTokens: 256,
  requestsPerS: 4,
  outputTokensPerS: 256,
  ttftP50Ms: 40 + tS,
  ttftP95Ms: 90 + tS,
  itlP50Ms: 12,
  e2eP50Ms: 800,
  inFlight: 4,
  ...over,
});

const scrape = (tS: number, derived: Partial<ServerSample['derived']>): ServerSample => ({
  t: 1000 + tS * 1000,
  tS,
  kind: 'llama.cpp',
  scrapeMs: 2,
  metrics: null,
  slots: null,
  derived: { slotsTotal: 4, slotsBusy: 4, slotUse: 1, waiting: 2, kvCacheUsage: 0.5, kvCacheSource: null, promptTokensPerS: 900, prefillTokensPerS: null, generatedTokensPerS: 250, slotDecodeTokensPerS: null, ...derived },
});

const frame = { xMaxS: 30, markers: [{ x: 10, label: '8 VUs' }] };

describe('the run chart specs', () => {
  it('puts requests per second on the left axis and output tokens per second on the right', () => {
    const chart = throughputChart([second(0), second(1, { requestsPerS: 5, outputTokensPerS: 320 })], frame);
    expect(chart.yAxes.map((axis) => axis.unit)).toEqual(['req/s', 'tok/s']);
    expect(chart.series.map((series) => [series.axis, series.colorRole, series.points])).toEqual([
      ['y', 'requests', [[0, 4], [1, 5]]],
      ['y1', 'tokens', [[0, 256], [1, 320]]],
    ]);
  });

  it('shares the run’s time range and stage markers on every chart', () => {
    const charts = [throughputChart([], frame), ttftChart([], frame), itlChart([], frame), queueChart([], [], frame), serverViewChart([], frame), errorsChart([], frame)];
    for (const chart of charts) {
      expect(chart.x).toEqual({ unit: 's', label: 'Elapsed (s)', min: 0, max: 30 });
      expect(chart.markers).toEqual([{ x: 10, label: '8 VUs' }]);
    }
  });

  it('leaves a gap for a second without a first token instead of a zero', () => {
    const chart = ttftChart([second(0), second(1, { ttftP50Ms: null, ttftP95Ms: null }), second(2)], {});
    expect(chart.series[0]!.points).toEqual([[0, 40], [1, null], [2, 42]]);
    expect(chart.x).toEqual({ unit: 's', label: 'Elapsed (s)' });
  });

  it('leaves out a percentile an older run did not record, and keeps the styles that tell tails apart', () => {
    const older = ttftChart([second(0)], frame);
    expect(older.series.map((series) => [series.label, series.style])).toEqual([['TTFT p50 (ms)', 'line'], ['TTFT p95 (ms)', 'dashed']]);
    const newer = itlChart([second(0, { itlP99Ms: 30, tpotP50Ms: 14 })], frame);
    expect(newer.series.map((series) => series.colorRole)).toEqual(['itl', 'tail', 'tpot']);
  });

  it('draws the server’s slots and queue at their scrape instants beside the client’s in-flight steps', () => {
    const chart = queueChart([second(0), second(1)], [scrape(0.2504, {}), scrape(1.25, { waiting: null })], frame);
    const byLabel = Object.fromEntries(chart.series.map((series) => [series.label, series]));
    expect(byLabel['In flight (client)']).toMatchObject({ stepped: true, points: [[0, 4], [1, 4]] });
    expect(byLabel['Deferred (server)']!.points).toEqual([[0.25, 2], [1.25, null]]);
    expect(byLabel['Slots (total)']).toMatchObject({ style: 'dashed', colorRole: 'capacity', thin: true });
    expect(byLabel['TTFT p95 (ms)']!.axis).toBe('y1');
  });

  it('shows slot and KV-cache use in percent on an axis that stops at 100', () => {
    const chart = serverViewChart([scrape(0.5, { slotUse: 0.75, kvCacheUsage: null, generatedTokensPerS: null, slotDecodeTokensPerS: 180 })], frame);
    expect(chart.yAxes[0]).toMatchObject({ unit: '%', max: 100 });
    expect(chart.series.map((series) => series.points[0]![1])).toEqual([75, null, 180, 900]);
  });

  it('draws one failure series per error class, without end-of-run cancellations, and none for a clean run', () => {
    expect(errorsChart([second(0), second(1)], frame).series).toEqual([]);
    const chart = errorsChart([second(0, { failed: 2, errors: { timeout: 1, http_5xx: 1 } }), second(1, { failed: 1, errors: { cancelled: 3, timeout: 1 } })], frame);
    expect(chart.series.map((series) => series.label)).toEqual(['Failed (all)', 'HTTP 5xx', 'Timeout']);
    expect(chart.series.map((series) => series.colorRole)).toEqual(['failure', 'category-1', 'category-2']);
    expect(chart.series[2]!.points).toEqual([[0, 1], [1, 1]]);
  });

  it('sizes the time axis to the planned length, the last second or the last scrape, whichever ends later', () => {
    expect(runTimeAxisMaxS([second(0), second(4)], [scrape(11.6, {})], 10)).toBe(12);
    expect(runTimeAxisMaxS([second(0), second(14)], [], 10)).toBe(15);
    expect(runTimeAxisMaxS([], [], undefined)).toBeUndefined();
  });
});
