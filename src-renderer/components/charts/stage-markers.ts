import type { ChartType, Plugin } from 'chart.js';

/** A boundary on the time axis: where a load stage starts, with what it does. */
export interface StageMarker {
  xS: number;
  label: string;
}

export interface StageMarkerOptions {
  markers: readonly StageMarker[];
  lineColor: string;
  textColor: string;
}

declare module 'chart.js' {
  // Merging must repeat chart.js's own type parameter, which this addition does not use.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** Set per chart in its options, so markers that arrive later (the plan loaded) are drawn. */
    stageMarkers?: StageMarkerOptions | false;
  }
}

const minLabelGapPx = 56;

/**
 * Draws a dashed vertical line at each stage start, labelled at the top of the plot, after the
 * datasets (so it reads as a reference, not data). Labels that would collide with the previous
 * one are left out; the lines always show. Registered once (chart-setup.ts); each chart says
 * what to draw in `options.plugins.stageMarkers`.
 */
export const stageMarkersPlugin: Plugin = {
  id: 'stageMarkers',
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as StageMarkerOptions | false | undefined;
    const x = chart.scales.x;
    // Chart.js hands a registered plugin `{}` when a chart sets no options for it.
    if (!options || x === undefined || !Array.isArray(options.markers) || options.markers.length === 0) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = options.lineColor;
    ctx.fillStyle = options.textColor;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    let lastLabelPx = -Infinity;
    for (const marker of options.markers) {
      const px = x.getPixelForValue(marker.xS);
      if (px < chartArea.left - 0.5 || px > chartArea.right + 0.5) continue;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      if (px - lastLabelPx >= minLabelGapPx && px + 24 < chartArea.right) {
        ctx.fillText(marker.label, px + 3, chartArea.top + 2);
        lastLabelPx = px;
      }
    }
    ctx.restore();
  },
};
