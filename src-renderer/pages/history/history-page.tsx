import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { routeHref } from '../../lib/router';
import { useRuns } from '../../queries/runs';
import { RunsTable } from './runs-table';

export function HistoryPage() {
  const runs = useRuns();
  return (
    <div className="page" data-testid="history-page">
      <div className="page-header">
        <h1>History</h1>
        <p className="muted">Every saved run, newest first. A run the workbench could not finish is marked interrupted; its data up to that moment is kept.</p>
      </div>
      <ErrorMessage error={runs.error} />
      {runs.isPending && <p className="muted">Loading runs…</p>}
      {runs.data?.length === 0 && (
        <EmptyState title="No runs yet" testId="history-empty">
          <p>
            Start one on the <a href={routeHref({ page: 'run' })}>Run</a> page; it is listed here as soon as it starts.
          </p>
        </EmptyState>
      )}
      {runs.data && runs.data.length > 0 && (
        <div className="card table-card">
          <RunsTable runs={runs.data} />
        </div>
      )}
    </div>
  );
}
