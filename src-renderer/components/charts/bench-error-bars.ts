import type { Chart, Plugin } from 'chart.js';

/** The dataset fields the plugin reads (set by bench-bar-chart.tsx beside Chart.js's own). */
export interface ErrorBarFields {
  errorBars?: Array<number | null>;
}

/**
 * Draws ± one standard deviation on each bar: a vertical line from mean − sd to mean + sd with
 * short caps, in the text colour so it reads on every bar colour. Chart.js has no error bars of
 * its own; this draws after the datasets, using each bar's own x and width.
 */
export function createErrorBarsPlugin(color: string): Plugin<'bar'> {
  return {
    id: 'benchErrorBars',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const { ctx } = chart;
      const scale = chart.scales.y;
      if (scale === undefined) return;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.25;
      chart.data.datasets.forEach((dataset, datasetIndex) => {
        const meta = chart.getDatasetMeta(datasetIndex);
        if (meta.hidden) return;
        const errors = (dataset as ErrorBarFields).errorBars ?? [];
        meta.data.forEach((element, index) => {
          const mean = dataset.data[index];
          const sd = errors[index];
          if (typeof mean !== 'number' || sd === null || sd === undefined || sd <= 0) return;
          const { x, width } = element.getProps(['x', 'width'], true) as { x: number; width: number };
          drawBar(ctx, { x, cap: Math.min(6, width / 4), top: scale.getPixelForValue(mean + sd), bottom: scale.getPixelForValue(Math.max(0, mean - sd)) });
        });
      });
      ctx.restore();
    },
  };
}

function drawBar(ctx: CanvasRenderingContext2D, bar: { x: number; cap: number; top: number; bottom: number }): void {
  ctx.beginPath();
  ctx.moveTo(bar.x, bar.top);
  ctx.lineTo(bar.x, bar.bottom);
  ctx.moveTo(bar.x - bar.cap, bar.top);
  ctx.lineTo(bar.x + bar.cap, bar.top);
  ctx.moveTo(bar.x - bar.cap, bar.bottom);
  ctx.lineTo(bar.x + bar.cap, bar.bottom);
  ctx.stroke();
}
