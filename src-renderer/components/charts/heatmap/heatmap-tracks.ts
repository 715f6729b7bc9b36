import type { SeriesPoint } from '../../../../src-shared/schemas/run-result';

/** One line of a track; `scale` picks the track's left or right axis. */
export interface TrackLine {
  label: string;
  colour: string;
  scale: 'left' | 'right';
  /** t = middle of the second on the house clock; v null = no value (a hole in the line). */
  points: Array<{ t: number; v: number | null }>;
}

export interface TrackSpec {
  title: string;
  leftUnit: string;
  rightUnit?: string;
  lines: TrackLine[];
}

function pointsOf(series: readonly SeriesPoint[], runStartT: number, pick: (point: SeriesPoint) => number | null): TrackLine['points'] {
  return series.map((point) => {
    const v = pick(point);
    return { t: runStartT + (point.tS + 0.5) * 1000, v: v !== null && Number.isFinite(v) ? v : null };
  });
}

/**
 * The run's throughput and TTFT as tracks on the heatmap's time axis. Second `tS` of the run
 * covers [runStartT + tS s, + 1 s), so its point sits in the middle of that span, above the
 * telemetry columns of the same second.
 */
export function runTracks(series: readonly SeriesPoint[], runStartT: number, colours: readonly string[]): TrackSpec[] {
  const colour = (i: number): string => colours[i] ?? '#888';
  return [
    {
      title: 'Throughput',
      leftUnit: 'tok/s',
      rightUnit: 'req/s',
      lines: [
        { label: 'Output tok/s', colour: colour(1), scale: 'left', points: pointsOf(series, runStartT, (p) => p.outputTokensPerS) },
        { label: 'Requests/s', colour: colour(0), scale: 'right', points: pointsOf(series, runStartT, (p) => p.requestsPerS) },
      ],
    },
    {
      title: 'TTFT',
      leftUnit: 'ms',
      lines: [
        { label: 'TTFT p50', colour: colour(2), scale: 'left', points: pointsOf(series, runStartT, (p) => p.ttftP50Ms) },
        { label: 'TTFT p95', colour: colour(3), scale: 'left', points: pointsOf(series, runStartT, (p) => p.ttftP95Ms) },
      ],
    },
  ];
}

/** The largest value of a track's lines on one axis (at least `floor`, so a flat zero still draws). */
export function trackMax(track: TrackSpec, scale: 'left' | 'right', floor = 1): number {
  let max = floor;
  for (const line of track.lines) {
    if (line.scale !== scale) continue;
    for (const point of line.points) if (point.v !== null && point.v > max) max = point.v;
  }
  return max;
}

/** The run second holding instant `t`, if the series has it. */
export function seriesPointAt(series: readonly SeriesPoint[], runStartT: number, t: number): SeriesPoint | undefined {
  const tS = Math.floor((t - runStartT) / 1000);
  return series.find((point) => point.tS === tS);
}

type TrackPoint = TrackLine['points'][number];

/**
 * The points of a line worth drawing at `widthPx` across `window`: those inside it (plus one on
 * each side, so the line still enters and leaves the plot), and where several share a pixel
 * column only the first, lowest, highest and last — the same picture with at most four points
 * per pixel (Chart.js's min-max decimation). Holes (null values) are kept. Pure.
 */
export function decimateLine(points: readonly TrackPoint[], window: { startT: number; endT: number }, widthPx: number): TrackPoint[] {
  const msPerPx = (window.endT - window.startT) / Math.max(widthPx, 1);
  const out: TrackPoint[] = [];
  let bucket: TrackPoint[] = [];
  let bucketPx = Number.NaN;
  const flush = (): void => {
    if (bucket.length <= 4) out.push(...bucket);
    else {
      const byValue = [...bucket].sort((a, b) => (a.v ?? 0) - (b.v ?? 0));
      const keep = new Set([bucket[0], byValue[0], byValue.at(-1), bucket.at(-1)]);
      out.push(...bucket.filter((point) => keep.has(point)));
    }
    bucket = [];
  };
  points.forEach((point, i) => {
    const isInside = point.t >= window.startT && point.t <= window.endT;
    const isNeighbour = (points[i + 1]?.t ?? Number.NEGATIVE_INFINITY) >= window.startT && (points[i - 1]?.t ?? Number.POSITIVE_INFINITY) <= window.endT;
    if (!isInside && !isNeighbour) return;
    const px = Math.floor((point.t - window.startT) / msPerPx);
    if (point.v === null || px !== bucketPx) flush();
    bucketPx = point.v === null ? Number.NaN : px;
    if (point.v === null) out.push(point);
    else bucket.push(point);
  });
  flush();
  return out;
}

/**
 * The points of a time-sorted line that can reach pixels between `fromT` and `toT`, plus one
 * on each side, so a strip repaint redraws exactly the segments crossing it. Pure.
 */
export function pointsNear(points: readonly TrackPoint[], fromT: number, toT: number): readonly TrackPoint[] {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((points[mid]?.t ?? Number.POSITIVE_INFINITY) < fromT) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < points.length && (points[end]?.t ?? Number.POSITIVE_INFINITY) <= toT) end += 1;
  return points.slice(Math.max(0, low - 1), Math.min(points.length, end + 1));
}
