import type { SeriesPoint } from '../../../../src-shared/schemas/run-result';

/** One line of a track; `scale` picks the track's left or right axis. */
export interface TrackLine {
  label: string;
  colour: string;
  scale: 'left' | 'right';
  dashed?: boolean;
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
        { label: 'TTFT p95', colour: colour(3), scale: 'left', dashed: true, points: pointsOf(series, runStartT, (p) => p.ttftP95Ms) },
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
