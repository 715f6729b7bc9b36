import type { RunRecord, SeriesPoint } from '../../../src-shared/schemas/run-result';
import { effectiveDurationS, runLimits } from '../../../src-shared/schemas/run-plan';
import type { BusyStats, RunTelemetrySummary } from '../../../src-shared/schemas/telemetry-sample';
import { routeHref } from '../../lib/router';
import { useRunTelemetry } from '../../queries/telemetry';
import { TelemetryHeatmap } from '../charts/heatmap/heatmap';

/**
 * The host during the run: the per-core heatmap with throughput and TTFT above it on one time
 * axis, live while the run records and from telemetry.jsonl afterwards, and the busiest cores.
 */
export function RunTelemetry({ runId, record, points, isLive }: { runId: string; record: RunRecord | undefined; points: readonly SeriesPoint[]; isLive: boolean }) {
  const telemetry = useRunTelemetry(runId);
  const summary = record?.summary?.telemetry;
  if (telemetry === undefined) return null;
  const hasData = telemetry.store.columns.length > 0;
  if (!hasData && !telemetry.isRecording) {
    return (
      <section className="card run-telemetry run-telemetry-none" data-testid="run-telemetry-none">
        <h3 className="card-title">Host telemetry</h3>
        <p className="muted">
          {isLive ? 'This run is not recording host telemetry (its workspace’s host is not connected).' : 'No host telemetry was recorded for this run.'} Connect the
          workspace’s host on the{' '}
          <a href={routeHref({ page: 'host', workspaceId: record?.workspaceId })}>Host page</a> before a run, and the run records every core and GPU beside the load.
        </p>
      </section>
    );
  }
  return (
    <section className="card run-telemetry" aria-labelledby={`telemetry-${runId}`} data-testid="run-telemetry" data-recording={telemetry.isRecording}>
      <header className="card-header">
        <h3 className="card-title" id={`telemetry-${runId}`}>
          Host during the run {telemetry.host !== null && <span className="muted small">· {telemetry.host}</span>}
        </h3>
        {telemetry.isRecording && <span className="small muted">recording…</span>}
      </header>
      <TelemetryHeatmap
        store={telemetry.store}
        version={telemetry.version}
        series={points}
        runStartT={telemetry.runStartT}
        isLive={isLive}
        {...plannedSpan(record)}
        testId="run-heatmap"
        emptyText={isLive ? 'Waiting for the host’s first sample…' : 'No samples were recorded.'}
      />
      {summary && <BusiestCores summary={summary} />}
    </section>
  );
}

/** The run's planned length, when it has one (a run bounded only by a request count has none worth drawing). */
function plannedSpan(record: RunRecord | undefined): { plannedSpanMs?: number } {
  if (record === undefined) return {};
  const seconds = effectiveDurationS(record.plan);
  return seconds < runLimits.defaultDurationCapS || record.plan.durationS !== undefined ? { plannedSpanMs: seconds * 1000 + 1000 } : {};
}

/** Peak and mean busy % of the busiest cores and of every GPU, from the run's summary. */
function BusiestCores({ summary }: { summary: RunTelemetrySummary }) {
  const busiest = [...summary.cpus].sort((a, b) => b.meanPct - a.meanPct).slice(0, 8);
  const saturated = summary.cpus.filter((cpu) => cpu.peakPct >= 95).length;
  const rows: Array<{ label: string; stats: BusyStats }> = [
    ...busiest.map((stats) => ({ label: stats.id, stats })),
    ...summary.gpus.map((stats, i) => ({ label: `GPU ${i}`, stats })),
  ];
  return (
    <div className="busiest" data-testid="run-telemetry-summary">
      <p className="small">
        {summary.samples} samples{summary.gaps > 0 ? `, ${summary.gaps} gap${summary.gaps === 1 ? '' : 's'}` : ''} · {saturated} of {summary.cpus.length} CPUs peaked at ≥ 95 % busy
      </p>
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Busiest</th>
            <th className="num">Mean busy</th>
            <th className="num">Peak busy</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, stats }) => (
            <tr key={label}>
              <td>{label}</td>
              <td className="num">{stats.meanPct.toFixed(1)} %</td>
              <td className="num">{stats.peakPct.toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
