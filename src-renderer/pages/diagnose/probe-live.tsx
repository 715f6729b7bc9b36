import { effectiveDurationS } from '../../../src-shared/schemas/run-plan';
import { RunCharts } from '../../components/charts/run-charts';
import { RunKpis } from '../../components/run/run-kpis';
import { deriveRunView, stageMarkersOf } from '../../components/run/run-state';
import { RunTelemetry } from '../../components/run/run-telemetry';
import { routeHref } from '../../lib/router';
import { useLiveRun, useRun, useRunServer } from '../../queries/runs';

/**
 * The probe in flight, drawn by the Run page's own pieces: its counters, the charts on one time
 * axis and the host heatmap. The probe is a normal run, so History has it too.
 */
export function ProbeLive({ runId, purpose }: { runId: string; purpose: string | undefined }) {
  const detail = useRun(runId);
  const live = useLiveRun(runId);
  const server = useRunServer(runId);
  const view = deriveRunView(detail.data?.record, detail.data?.series, live);
  const record = detail.data?.record;
  return (
    <section className="card diagnose-section probe-live" aria-labelledby="probe-live-title" data-testid="probe-live" data-run-id={runId} data-status={view.status}>
      <header className="card-header">
        <h2 className="card-title" id="probe-live-title">
          Probe in flight{purpose && <span className="muted small"> · {purpose}</span>}
        </h2>
        <a className="small" href={routeHref({ page: 'run-detail', runId })}>
          open the run
        </a>
      </header>
      <RunKpis view={view} />
      <RunCharts points={view.points} isLive={view.isLive} samples={server?.samples ?? noSamples} markers={stageMarkersOf(record, view.summary)} plannedS={record ? effectiveDurationS(record.plan) : undefined} />
      <RunTelemetry runId={runId} record={record} points={view.points} isLive={view.isLive} />
    </section>
  );
}

const noSamples: never[] = [];
