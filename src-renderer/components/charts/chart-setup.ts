import { Chart, Decimation, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { stageMarkersPlugin } from './stage-markers';
import { BarController, BarElement, CategoryScale, ScatterController } from 'chart.js';

let registered = false;

/**
 * Registers only what the line charts use (tree-shaking keeps the bundle small) and sets the
 * house defaults once: no animation, so live updates are cheap and screenshots deterministic.
 */
export function setupCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation, stageMarkersPlugin);
  // Area series of a chart spec fill down to the axis.
  Chart.register(Filler);
  // The Bench page's comparison bars.
  Chart.register(BarController, BarElement, CategoryScale);
  // The run view's client TTFT vs server prompt time.
  Chart.register(ScatterController);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font-sans').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 12;
}
