import { busyColourStops } from './heatmap-raster';

const gradient = `linear-gradient(to right, ${busyColourStops.map(([at, [r, g, b]]) => `rgb(${r} ${g} ${b}) ${at}%`).join(', ')})`;

/** The colour scale, read left to right as 0–100 % busy, and what a grey cell means. */
export function HeatmapLegend() {
  return (
    <div className="heatmap-legend" aria-label="Colour scale: 0 to 100 percent busy">
      <span className="muted small">0 %</span>
      <span className="heatmap-legend-bar" style={{ background: gradient }} />
      <span className="muted small">100 % busy</span>
      <span className="heatmap-legend-nodata" aria-hidden="true" />
      <span className="muted small">no sample</span>
    </div>
  );
}
