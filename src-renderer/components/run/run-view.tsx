import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { effectiveDurationS as plannedDurationS } from '../../../src-shared/schemas/run-plan';
import { findEndpoint } from '../../lib/endpoints';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { useDemoStatus } from '../../queries/demo';
import { useLiveRun, useRun, useRunServer, useStopRun } from '../../queries/runs';
import { useWorkspaces } from '../../queries/workspaces';
import { RunCharts } from '../charts/run-charts';
import { LatencyTable } from '../tables/latency-table';
import { StatusBadge } from '../ui/badge';
import { EndpointLabel } from '../ui/endpoint-label';
import { ErrorMessage } from '../ui/error-message';
import { RunKpis } from './run-kpis';
import { RunProgress } from './run-progress';
import { RunServerStrip } from './run-server-strip';
import { deriveRunView, describePlan, stageMarkersOf } from './run-state';
import { RunSummaryTables } from './run-summary';
import { RunExport } from './run-export';
import { RunTelemetry } from './run-telemetry';
import { RunTtftPrompt } from './run-ttft-prompt';

/** One run, live or recorded: header, progress while live, KPIs, charts and the summary. */
export function RunView({ runId }: { runId: string }) {
  const detail = useRun(runId);
  const live = useLiveRun(runId);
  const stop = useStopRun();
  const server = useRunServer(runId);
  const view = deriveRunView(detail.data?.record, detail.data?.series, live);
  const record = detail.data?.record;
  const samples = server?.samples ?? noSamples;
  if (detail.isPending && !live?.progress) return <p className="muted">Loading the run…</p>;
  return (
    <section className="run-view" data-testid="run-view" data-run-id={runId} data-status={view.status}>
      <RunHeader record={record} runId={runId} status={view.status} />
      <ErrorMessage error={detail.error} testId="run-load-error" />
      {detail.data?.notices?.map((notice) => (
        <p key={notice} className="muted" data-testid="run-notice">
          {notice}
        </p>
      ))}
      {view.isLive && (
        <RunProgress view={view} plannedS={record?.plan.durationS} onStop={() => stop.mutate({ runId })} isStopping={stop.isPending} />
      )}
      <ErrorMessage error={stop.error} testId="stop-error" />
      {view.error && <ErrorMessage error={view.error} testId="run-error" />}
      <RunKpis view={view} />
      <RunServerStrip samples={samples} summary={view.isLive ? null : (server?.summary ?? null)} isLive={view.isLive} />
      <RunCharts points={view.points} isLive={view.isLive} samples={samples} markers={stageMarkersOf(record, view.summary)} plannedS={record ? plannedDurationS(record.plan) : undefined} />
      {!view.isLive && record !== undefined && <RunTtftPrompt runId={runId} />}
      <RunTelemetry runId={runId} record={record} points={view.points} isLive={view.isLive} />
      {view.summary && !view.isLive ? (
        <RunSummaryTables summary={view.summary} />
      ) : (
        view.latency && <LatencyTable stats={view.latency} caption="Latency so far (updates live)" />
      )}
    </section>
  );
}

const noSamples: never[] = [];

function RunHeader({ record, runId, status }: { record: RunRecord | undefined; runId: string; status: RunRecord['status'] }) {
  return (
    <header className="run-header">
      <div className="run-title">
        <h2>
          Run <code>{runId}</code>
        </h2>
        <StatusBadge status={status} />
        {record && status !== 'running' && <RunExport runId={runId} />}
      </div>
      {record && (
        <p className="muted">
          <RunEndpoint record={record} /> · {describePlan(record.plan)} · started {formatTimestamp(record.startedAt)}
        </p>
      )}
    </header>
  );
}

/** The endpoint by name when the workspace still has it; else its URL, still marked if it is the demo. */
export function RunEndpoint({ record }: { record: Pick<RunRecord, 'endpointId' | 'url'> }) {
  const workspaces = useWorkspaces();
  const demo = useDemoStatus();
  const ref = findEndpoint(workspaces.data, record.endpointId);
  if (ref) return <EndpointLabel endpoint={ref.endpoint} />;
  const isDemo = demo.data?.url !== undefined && demo.data.url.replace(/\/+$/, '') === record.url;
  return <EndpointLabel endpoint={{ name: 'endpoint', url: record.url, isDemo }} />;
}
