import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import type { ChartData, ChartOptions, TooltipItem } from 'chart.js';
import { buildBenchBars, type BenchBar } from './bench-datasets';
import { createErrorBarsPlugin } from './bench-error-bars';
import { setupCharts } from './chart-setup';
import { useChartPalette } from './palette';
import type { ChartPalette } from './datasets';

setupCharts();

/** Beyond the theme's four series colours: distinct hues that read on light and dark surfaces. */
const extraColours = ['#0891b2', '#db2777', '#65a30d', '#ea580c', '#4f46e5', '#0d9488'];

interface BenchBarChartProps {
  title: string;
  bars: readonly BenchBar[];
  testId: string;
}

/**
 * Mean tok/s per test as grouped bars, one colour per run and setting, ± one standard deviation
 * as error bars; the best bar of each test is outlined. `data-bar-count` lets tests see what is
 * drawn without reading pixels.
 */
export function BenchBarChart({ title, bars, testId }: BenchBarChartProps) {
  const palette = useChartPalette();
  const built = useMemo(() => buildBenchBars(bars, [...palette.series, ...extraColours]), [bars, palette]);
  const plugins = useMemo(() => [createErrorBarsPlugin(palette.text)], [palette.text]);
  const data: ChartData<'bar', Array<number | null>, string> = {
    labels: built.labels,
    datasets: built.series.map((series) => ({
      label: series.label,
      data: series.data,
      errorBars: series.errors,
      backgroundColor: `${series.color}cc`,
      borderColor: series.best.map((isBest) => (isBest ? palette.text : series.color)),
      borderWidth: series.best.map((isBest) => (isBest ? 2 : 1)),
      maxBarThickness: 48,
    })),
  };
  const options = useMemo(() => barOptions(palette), [palette]);
  const height = Math.max(240, Math.min(420, 160 + built.series.length * 14));
  return (
    <figure className="chart-card bench-chart" data-testid={testId} data-bar-count={bars.length}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-canvas" style={{ height }}>
        <Bar data={data} options={options} plugins={plugins} aria-label={`${title}: ${bars.length} bars`} role="img" />
      </div>
    </figure>
  );
}

function barOptions(palette: ChartPalette): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { ticks: { color: palette.text }, grid: { display: false } },
      y: { beginAtZero: true, title: { display: true, text: 'tokens/s', color: palette.text }, ticks: { color: palette.text }, grid: { color: palette.grid } },
    },
    plugins: {
      legend: { position: 'bottom', labels: { color: palette.text, boxWidth: 12, boxHeight: 12 } },
      tooltip: { callbacks: { label: tooltipLabel } },
      // Registered globally for the time-axis charts; a bar chart has no stages to mark.
      stageMarkers: false,
    },
  };
}

function tooltipLabel(item: TooltipItem<'bar'>): string {
  const errors = (item.dataset as { errorBars?: Array<number | null> }).errorBars ?? [];
  const sd = errors[item.dataIndex];
  const mean = typeof item.raw === 'number' ? item.raw : 0;
  return `${item.dataset.label ?? ''}: ${mean.toFixed(2)}${sd ? ` ± ${sd.toFixed(2)}` : ''} t/s`;
}
