import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { routeHref } from '../../lib/router';
import { useRuns } from '../../queries/runs';
import { useWorkspaces } from '../../queries/workspaces';
import { groupRunsByWorkspace, type RunGroup } from './run-groups';
import { RunsTable } from './runs-table';

export function HistoryPage() {
  const runs = useRuns();
  const workspaces = useWorkspaces();
  const groups = runs.data && workspaces.data ? groupRunsByWorkspace(runs.data, workspaces.data) : [];
  return (
    <div className="page" data-testid="history-page">
      <div className="page-header">
        <h1>History</h1>
        <p className="muted">Every saved run, newest first, by workspace; runs started with <code>llmwb run</code> and no workspace are under Command line. A run the workbench could not finish is marked interrupted; its data up to that moment is kept.</p>
      </div>
      <ErrorMessage error={runs.error ?? workspaces.error} />
      {(runs.isPending || workspaces.isPending) && <p className="muted">Loading runs…</p>}
      {runs.data?.length === 0 && (
        <EmptyState title="No runs yet" testId="history-empty">
          <p>
            Start one on the <a href={routeHref({ page: 'run' })}>Run</a> page; it is listed here as soon as it starts.
          </p>
        </EmptyState>
      )}
      {groups.map((group) => (
        <HistoryGroup key={group.key} group={group} />
      ))}
    </div>
  );
}

function HistoryGroup({ group }: { group: RunGroup }) {
  const testId = group.key === 'cli' ? 'history-group-cli' : 'history-group';
  return (
    <section className="card table-card" aria-label={group.title} data-testid={testId} data-group={group.key}>
      <div className="table-card-header">
        <h2 className="card-title">{group.title}</h2>
        <span className="muted small">{group.runs.length === 1 ? '1 run' : `${group.runs.length} runs`}</span>
      </div>
      <RunsTable runs={group.runs} />
    </section>
  );
}
