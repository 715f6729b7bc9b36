import type { RunsComparison } from '../../../src-shared/metrics/run-comparison';
import { describeLoad } from '../../../src-shared/schemas/load-profiles';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import type { OverlayRun } from '../../components/charts/compare-datasets';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { navigate, routeHref } from '../../lib/router';
import { useRunComparison, useRunDetails, useRunServers, useRuns, type RunServerView } from '../../queries/runs';
import { CompareCharts } from './compare-charts';
import type { ComparedRun } from './compare-metrics';
import { runLetter } from './compare-metrics';
import { CompareTable } from './compare-table';
import { RunPicker } from './run-picker';

/** Two or more runs side by side: overlaid over time, and a table of key metrics with deltas against the first. */
export function ComparePage({ runIds }: { runIds: string[] }) {
  const runs = useRuns();
  const details = useRunDetails(runIds);
  const servers = useRunServers(runIds);
  const toggle = (runId: string) => navigate({ page: 'compare', runIds: runIds.includes(runId) ? runIds.filter((id) => id !== runId) : [...runIds, runId] });
  const loaded = runIds.flatMap((_runId, index) => {
    const detail = details[index]?.data;
    return detail ? [{ record: detail.record, series: detail.series, server: servers[index] }] : [];
  });
  const isReady = runIds.length >= 2 && loaded.length === runIds.length;
  // Only finished runs have all their requests on disk to judge.
  const isJudgeable = isReady && loaded.every((run) => run.record.status !== 'running');
  const stats = useRunComparison(runIds, isJudgeable);
  return (
    <div className="page compare-page" data-testid="compare-page" data-selected={runIds.length}>
      <div className="page-header">
        <h1>Compare runs</h1>
        <p className="muted">Tick two or more runs. The first one ticked is the baseline (A); every other run’s change is shown against it, green when better, with the statistical verdict in words where the recorded requests allow a test.</p>
      </div>
      <ErrorMessage error={runs.error ?? details.find((detail) => detail.error)?.error ?? stats.error} />
      {runs.data?.length === 0 && (
        <EmptyState title="No runs to compare yet" testId="compare-empty">
          <p>
            Start runs on the <a href={routeHref({ page: 'run' })}>Run</a> page — for example the same load against two server settings.
          </p>
        </EmptyState>
      )}
      {runs.data && runs.data.length > 0 && <RunPicker runs={runs.data} selected={runIds} onToggle={toggle} />}
      {runIds.length === 1 && <p className="muted">Tick one more run to compare.</p>}
      {isReady && <Comparison runs={loaded} stats={stats.data} />}
    </div>
  );
}

interface LoadedRun {
  record: RunRecord;
  series: OverlayRun['points'];
  server: RunServerView | undefined;
}

function Comparison({ runs, stats }: { runs: LoadedRun[]; stats: RunsComparison | undefined }) {
  const labels = runs.map(labelOf);
  const overlay: OverlayRun[] = runs.map((run, index) => ({ label: `${runLetter(index)} · ${labels[index]}`, points: run.series, samples: run.server?.samples ?? [] }));
  const compared: ComparedRun[] = runs.map((run) => ({ record: run.record, server: run.server?.summary ?? null }));
  return (
    <>
      <CompareCharts runs={overlay} />
      <CompareTable runs={compared} labels={labels} stats={stats} />
    </>
  );
}

/** "6 VU · 2 slots": the load, and the server's slot count when its view was recorded. */
function labelOf(run: LoadedRun): string {
  const slots = run.server?.samples.find((sample) => sample.derived.slotsTotal !== null)?.derived.slotsTotal;
  return `${describeLoad(run.record.plan.load)}${slots ? ` · ${slots} slots` : ''}`;
}
