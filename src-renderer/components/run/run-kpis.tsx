import { formatCount, formatDurationS, formatMs, formatPercent, formatRate } from '../../../src-shared/format/numbers';
import { KpiGrid, type Kpi } from '../tables/kpi-grid';
import { recentRate, type RunViewModel } from './run-state';

/** While live: counters and the last five seconds' rates. Afterwards: the whole run's figures. */
export function RunKpis({ view }: { view: RunViewModel }) {
  return <KpiGrid items={view.summary && !view.isLive ? finalKpis(view) : liveKpis(view)} />;
}

function liveKpis(view: RunViewModel): Kpi[] {
  const note = 'last 5 s';
  return [
    { id: 'completed', label: 'Completed', value: formatCount(view.completed), note: `${formatCount(view.inFlight)} in flight` },
    { id: 'failed', label: 'Failed', value: formatCount(view.failed), tone: view.failed > 0 ? 'bad' : undefined },
    { id: 'rps', label: 'Request rate', value: formatRate(recentRate(view.points, (p) => p.requestsPerS), 'req/s'), note },
    { id: 'tps', label: 'Output token rate', value: formatRate(recentRate(view.points, (p) => p.outputTokensPerS), 'tok/s'), note },
    { id: 'ttft-p95', label: 'TTFT p95', value: formatMs(view.latency?.ttftMs.count ? view.latency.ttftMs.p95 : null), note: 'so far' },
  ];
}

function finalKpis(view: RunViewModel): Kpi[] {
  const summary = view.summary;
  if (!summary) return [];
  const total = summary.completed + summary.failed;
  return [
    { id: 'completed', label: 'Completed', value: formatCount(summary.completed), note: `in ${formatDurationS(summary.durationS)}` },
    {
      id: 'failed',
      label: 'Failed',
      value: formatCount(summary.failed),
      note: total > 0 ? `${formatPercent(summary.failed / total)} of requests` : undefined,
      tone: summary.failed > 0 ? 'bad' : undefined,
    },
    { id: 'rps', label: 'Request rate', value: formatRate(summary.requestsPerS, 'req/s'), note: 'whole run' },
    { id: 'tps', label: 'Output token rate', value: formatRate(summary.outputTokensPerS, 'tok/s'), note: 'whole run' },
    { id: 'ttft-p95', label: 'TTFT p95', value: formatMs(summary.ttftMs.count ? summary.ttftMs.p95 : null) },
    { id: 'e2e-p95', label: 'E2E p95', value: formatMs(summary.e2eMs.count ? summary.e2eMs.p95 : null) },
  ];
}
