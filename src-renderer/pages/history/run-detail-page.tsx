import { RunView } from '../../components/run/run-view';
import { routeHref } from '../../lib/router';

export function RunDetailPage({ runId }: { runId: string }) {
  return (
    <div className="page" data-testid="run-detail-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routeHref({ page: 'history' })}>History</a> <span aria-hidden="true">›</span> <span>Run</span>
      </nav>
      <RunView key={runId} runId={runId} />
    </div>
  );
}
