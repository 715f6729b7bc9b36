import { Line } from 'react-chartjs-2';
import type { ChartOptions } from 'chart.js';
import type { LineData } from './datasets';
import { setupCharts } from './chart-setup';

setupCharts();

interface LineChartProps {
  title: string;
  data: LineData;
  options: ChartOptions<'line'>;
  testId: string;
  /** Shown over the empty plot before the first second of data has closed. */
  emptyText: string;
  /** One line under the title: what the chart compares, or where its data came from. */
  subtitle?: string;
}

/**
 * One chart card. `data-point-count` and `data-last-x` expose what is drawn so end-to-end tests
 * can see the chart move without reading pixels.
 */
export function LineChart({ title, data, options, testId, emptyText, subtitle }: LineChartProps) {
  const first = data.datasets[0]?.data ?? [];
  const isEmpty = data.datasets.every((set) => set.data.length === 0);
  return (
    <figure className="chart-card" data-testid={testId} data-point-count={first.length} data-last-x={first.at(-1)?.x ?? ''}>
      <figcaption className="chart-title">
        {title}
        {subtitle && <span className="chart-subtitle">{subtitle}</span>}
      </figcaption>
      <div className="chart-canvas">
        <Line data={data} options={options} aria-label={title} role="img" />
        {isEmpty && <p className="chart-empty">{emptyText}</p>}
      </div>
    </figure>
  );
}
