import type { ChartOptions } from 'chart.js';
import type { ChartSeries, ChartSpec, ColorRole } from '../../../src-shared/charts/chart-spec';
import { line, lineOptions, type ChartPalette, type LineData } from './datasets';

/**
 * Draws a shared ChartSpec with chart.js: each colour role picks one of the theme's series
 * colours (the same slots the run charts always used, so they look as before), the first y axis
 * goes left and a second right, and stage markers go to the stageMarkers plugin.
 */

/** Role → index into the palette's series colours, with the light theme's colour as a fallback. */
const roleSlots: Record<ColorRole, { index: number; fallback: string }> = {
  requests: { index: 0, fallback: '#2563eb' },
  'in-flight': { index: 0, fallback: '#2563eb' },
  decode: { index: 0, fallback: '#2563eb' },
  tokens: { index: 1, fallback: '#d97706' },
  tpot: { index: 1, fallback: '#d97706' },
  'kv-cache': { index: 1, fallback: '#d97706' },
  median: { index: 2, fallback: '#059669' },
  busy: { index: 2, fallback: '#059669' },
  tail: { index: 3, fallback: '#9333ea' },
  queue: { index: 4, fallback: '#dc2626' },
  failure: { index: 4, fallback: '#dc2626' },
  itl: { index: 5, fallback: '#0891b2' },
  prompt: { index: 5, fallback: '#0891b2' },
  capacity: { index: 6, fallback: '#64748b' },
  extreme: { index: 7, fallback: '#db2777' },
  'category-1': { index: 1, fallback: '#64748b' },
  'category-2': { index: 3, fallback: '#64748b' },
  'category-3': { index: 5, fallback: '#64748b' },
  'category-4': { index: 7, fallback: '#64748b' },
  'category-5': { index: 0, fallback: '#64748b' },
};

/** The theme's colour for a role. */
export function colorOfRole(role: ColorRole, palette: ChartPalette): string {
  const slot = roleSlots[role];
  return palette.series[slot.index] ?? slot.fallback;
}

function datasetOf(series: ChartSeries, yAxisID: 'y' | 'y1', palette: ChartPalette) {
  const color = colorOfRole(series.colorRole, palette);
  const data = series.points.map(([x, y]) => ({ x, y }));
  const dataset = line({ label: series.label, data, color, yAxisID, dashed: series.style === 'dashed', stepped: series.stepped === true || series.style === 'bar', thin: series.thin === true });
  // A line chart has no bars: a 'bar' series is drawn as filled steps, which reads the same on a time axis.
  if (series.style === 'area' || series.style === 'bar') return { ...dataset, fill: 'origin' as const, backgroundColor: translucent(color) };
  return dataset;
}

/** A fill under a line, faint enough to keep the grid readable; a colour that is not #rrggbb stays as it is. */
function translucent(color: string): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : color;
}

/** A spec as chart.js line data and options, coloured from the palette. */
export function lineConfigOf(spec: ChartSpec, palette: ChartPalette): { data: LineData; options: ChartOptions<'line'> } {
  const [left, right] = spec.yAxes;
  const axisOf = (id: string): 'y' | 'y1' => (right !== undefined && id === right.id ? 'y1' : 'y');
  const options = lineOptions(
    {
      title: left?.label ?? '',
      xTitle: spec.x.label,
      ...(right === undefined ? {} : { rightTitle: right.label }),
      ...(spec.x.max === undefined ? {} : { xMaxS: spec.x.max }),
      ...(left?.max === undefined ? {} : { yMax: left.max }),
      markers: spec.markers.map((marker) => ({ xS: marker.x, label: marker.label })),
    },
    palette,
  );
  return { data: { datasets: spec.series.map((series) => datasetOf(series, axisOf(series.axis), palette)) }, options };
}
