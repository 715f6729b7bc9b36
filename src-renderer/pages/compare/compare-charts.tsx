import { useMemo } from 'react';
import { overlayPoints, overlaySamples, type OverlayRun } from '../../components/charts/compare-datasets';
import { lineOptions } from '../../components/charts/datasets';
import { LineChart } from '../../components/charts/line-chart';
import { useChartPalette } from '../../components/charts/palette';

/** The runs overlaid, each from its own t = 0: client throughput and TTFT above, the server's slots and queue below. */
export function CompareCharts({ runs }: { runs: readonly OverlayRun[] }) {
  const palette = useChartPalette();
  const data = useMemo(
    () => ({
      tokens: overlayPoints(runs, (p) => p.outputTokensPerS, palette),
      ttft: overlayPoints(runs, (p) => p.ttftP95Ms, palette),
      busy: overlaySamples(runs, (s) => s.derived.slotsBusy, palette),
      deferred: overlaySamples(runs, (s) => s.derived.waiting, palette),
    }),
    [runs, palette],
  );
  const options = useMemo(
    () => ({
      tokens: lineOptions({ title: 'tok/s' }, palette),
      ms: lineOptions({ title: 'ms' }, palette),
      count: lineOptions({ title: 'requests' }, palette),
    }),
    [palette],
  );
  const empty = 'Nothing recorded for these runs.';
  return (
    <div className="chart-grid chart-grid-compare" data-testid="compare-charts">
      <LineChart title="Output tokens per second" data={data.tokens} options={options.tokens} testId="compare-chart-tokens" emptyText={empty} />
      <LineChart title="TTFT p95" subtitle="per second" data={data.ttft} options={options.ms} testId="compare-chart-ttft" emptyText={empty} />
      <LineChart title="Slots busy (server)" subtitle="from /slots" data={data.busy} options={options.count} testId="compare-chart-slots" emptyText="No server view was recorded for these runs." />
      <LineChart title="Deferred requests (server)" subtitle="waiting for a slot" data={data.deferred} options={options.count} testId="compare-chart-deferred" emptyText="No server view was recorded for these runs." />
    </div>
  );
}
