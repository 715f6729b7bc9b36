import type { SeriesPoint } from '../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../src-shared/schemas/server-sample';
import { line, toXY, type ChartPalette, type LineData } from './datasets';
import { samplesXY } from '../../../src-shared/charts/run-charts';

/** One run in an overlay: its legend label, its seconds and its server samples. */
export interface OverlayRun {
  label: string;
  points: readonly SeriesPoint[];
  samples: readonly ServerSample[];
}

const colorOf = (palette: ChartPalette, index: number): string => palette.series[[0, 1, 2, 3, 4, 5, 7, 6][index % 8]!] ?? '#64748b';

/** One line per run of a per-second client metric, each run on its own t = 0. */
export function overlayPoints(runs: readonly OverlayRun[], pick: (point: SeriesPoint) => number | null, palette: ChartPalette): LineData {
  return { datasets: runs.map((run, index) => line({ label: run.label, data: toXY(run.points, pick), color: colorOf(palette, index) })) };
}

/** One line per run of a server figure (runs without a server view draw nothing). */
export function overlaySamples(runs: readonly OverlayRun[], pick: (sample: ServerSample) => number | null, palette: ChartPalette): LineData {
  return { datasets: runs.map((run, index) => line({ label: run.label, data: samplesXY(run.samples, pick).map(([x, y]) => ({ x, y })), color: colorOf(palette, index) })) };
}
