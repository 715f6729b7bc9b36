/**
 * A chart as data: what to draw, not how. Builders in this folder turn recorded runs into specs;
 * the renderer maps a spec onto chart.js with the theme's colours, and the report can draw the same
 * spec to an image. No chart.js types and no CSS colours here, so any drawer can read it.
 */

/** What a series means; each drawer resolves the role to its own colour (theme, print). */
export type ColorRole =
  | 'requests'
  | 'tokens'
  | 'median'
  | 'tail'
  | 'extreme'
  | 'itl'
  | 'tpot'
  | 'in-flight'
  | 'busy'
  | 'queue'
  | 'capacity'
  | 'failure'
  | 'kv-cache'
  | 'decode'
  | 'prompt'
  | 'category-1'
  | 'category-2'
  | 'category-3'
  | 'category-4'
  | 'category-5';

export type SeriesStyle = 'line' | 'dashed' | 'area' | 'bar';

/** `y: null` is an x without a value: drawn as a gap, never as 0 and never bridged. */
export type ChartPoint = readonly [x: number, y: number | null];

export interface ChartSeries {
  label: string;
  /** The id of one of the spec's y axes. */
  axis: string;
  /** Sorted by x. */
  points: ChartPoint[];
  style: SeriesStyle;
  colorRole: ColorRole;
  /** A count that holds until the next sample: drawn as steps rather than slopes. */
  stepped?: boolean;
  /** A reference line (a ceiling such as the slot count): drawn thinner and without dots. */
  thin?: boolean;
}

export interface ChartXAxis {
  unit: string;
  label: string;
  /** A fixed range, so charts of one run share one time axis. */
  min?: number;
  max?: number;
}

export interface ChartYAxis {
  id: string;
  unit: string;
  label: string;
  /** A fixed top (100 for percentages). */
  max?: number;
}

/** A labelled vertical line, such as where a load stage starts. */
export interface ChartMarker {
  x: number;
  label: string;
}

export interface ChartSpec {
  title: string;
  /** One line under the title: what the chart compares, or where its data came from. */
  subtitle?: string;
  x: ChartXAxis;
  /** The first axis is drawn on the left, a second on the right. */
  yAxes: ChartYAxis[];
  series: ChartSeries[];
  markers: ChartMarker[];
}

/** Leaves out series without a single value (a percentile an older run did not record), so a legend lists only what is drawn. */
export function withoutEmptySeries(series: ChartSeries[]): ChartSeries[] {
  const kept = series.filter((one) => one.points.some(([, y]) => y !== null));
  return kept.length === 0 ? series : kept;
}

/** A finite value, or null for a gap. */
export function valueOrGap(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
