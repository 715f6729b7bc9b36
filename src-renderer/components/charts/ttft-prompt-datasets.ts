import type { ChartData, ChartOptions } from 'chart.js';
import type { RequestPoint } from '../../../src-shared/contract/runs.contract';
import { pairTtftWithPromptMs } from '../../../src-shared/schemas/server-sample';
import type { ChartPalette } from './datasets';

export type ScatterData = ChartData<'scatter', Array<{ x: number; y: number }>>;

export interface TtftPromptView {
  data: ScatterData;
  /** Median of TTFT − server prompt time over the drawn points (queueing + network + HTTP), ms; null when none. */
  medianOutsidePrefillMs: number | null;
  pointCount: number;
}

/**
 * Pure builder of the "client TTFT vs server prompt time" scatter: one point per request
 * (x = the server's timings.prompt_ms, y = the client's TTFT, both ms, sorted by x as
 * `normalized` requires) and a y = x reference line across the drawn range. A point's height
 * above the line is the time the request spent outside prefill.
 */
export function ttftPromptData(points: readonly RequestPoint[], palette: ChartPalette): TtftPromptView {
  const paired = pairTtftWithPromptMs(points, { ttftMs: (point) => point.ttftMs, promptMs: (point) => point.serverPromptMs });
  const xy = paired.points.map((point) => ({ x: point.promptMs, y: point.ttftMs }));
  const reachMs = xy.reduce((max, point) => Math.max(max, point.x, point.y), 0);
  const color = palette.series[0] ?? '#2563eb';
  const reference = palette.marker ?? palette.grid;
  const data: ScatterData = {
    datasets: [
      { label: 'Request', data: xy, backgroundColor: color, borderColor: color, pointRadius: 2, pointHoverRadius: 4 },
      {
        label: 'TTFT = server prompt time',
        data: xy.length === 0 ? [] : [{ x: 0, y: 0 }, { x: reachMs, y: reachMs }],
        showLine: true,
        pointRadius: 0,
        borderColor: reference,
        borderDash: [4, 4],
        borderWidth: 1,
      },
    ],
  };
  return { data, medianOutsidePrefillMs: paired.medianOutsidePrefillMs, pointCount: xy.length };
}

export function ttftPromptOptions(palette: ChartPalette): ChartOptions<'scatter'> {
  const axis = (text: string) => ({
    type: 'linear' as const,
    beginAtZero: true,
    title: { display: true, text, color: palette.text },
    ticks: { color: palette.text },
    grid: { color: palette.grid },
  });
  return {
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    scales: { x: { ...axis('Server prompt time (ms)'), position: 'bottom' }, y: axis('Client TTFT (ms)') },
    plugins: {
      legend: { labels: { color: palette.text, boxWidth: 12 } },
      tooltip: { callbacks: { label: (item) => `prompt ${(item.parsed.x ?? 0).toFixed(1)} ms · TTFT ${(item.parsed.y ?? 0).toFixed(1)} ms` } },
    },
  };
}
