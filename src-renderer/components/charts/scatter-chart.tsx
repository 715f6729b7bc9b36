import { Scatter } from 'react-chartjs-2';
import type { ChartOptions } from 'chart.js';
import { setupCharts } from './chart-setup';
import type { ScatterData } from './ttft-prompt-datasets';

setupCharts();

interface ScatterChartProps {
  title: string;
  data: ScatterData;
  options: ChartOptions<'scatter'>;
  testId: string;
  /** Shown over the empty plot when there is nothing to draw. */
  emptyText: string;
  subtitle?: string;
}

/** One scatter card; `data-point-count` exposes how many points the first dataset draws, for end-to-end tests. */
export function ScatterChart({ title, data, options, testId, emptyText, subtitle }: ScatterChartProps) {
  const count = data.datasets[0]?.data.length ?? 0;
  return (
    <figure className="chart-card" data-testid={testId} data-point-count={count}>
      <figcaption className="chart-title">
        {title}
        {subtitle && <span className="chart-subtitle">{subtitle}</span>}
      </figcaption>
      <div className="chart-canvas">
        <Scatter data={data} options={options} aria-label={title} role="img" />
        {count === 0 && <p className="chart-empty">{emptyText}</p>}
      </div>
    </figure>
  );
}
