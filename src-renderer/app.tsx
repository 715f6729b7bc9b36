import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api/client';
import { ApiProvider } from './api/api-context';
import { AppHeader } from './components/layout/app-header';
import { ConnectionBanner } from './components/layout/connection-banner';
import { useRoute, type Route } from './lib/router';
import { BenchPage } from './pages/bench/bench-page';
import { ConfigPage } from './pages/config/config-page';
import { ComparePage } from './pages/compare/compare-page';
import { DiagnosePage } from './pages/diagnose/diagnose-page';
import { HistoryPage } from './pages/history/history-page';
import { RunDetailPage } from './pages/history/run-detail-page';
import { HostPage } from './pages/host/host-page';
import { RunPage } from './pages/run/run-page';
import { WorkspacesPage } from './pages/workspaces/workspaces-page';

export function App({ client, queryClient }: { client: ApiClient; queryClient: QueryClient }) {
  return (
    <ApiProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <Shell />
      </QueryClientProvider>
    </ApiProvider>
  );
}

function Shell() {
  const route = useRoute();
  return (
    <div className="app">
      <AppHeader route={route} />
      <ConnectionBanner />
      <main className="app-main">
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'workspaces':
      return <WorkspacesPage />;
    case 'bench':
      return <BenchPage compare={route.compare} baseline={route.baseline} />;
    case 'host':
      return <HostPage workspaceId={route.workspaceId} />;
    case 'config':
      return <ConfigPage endpointId={route.endpointId} set={route.set} />;
    case 'diagnose':
      return <DiagnosePage endpointId={route.endpointId} diagnosisId={route.diagnosisId} />;
    case 'run':
      return <RunPage endpointId={route.endpointId} runId={route.runId} />;
    case 'history':
      return <HistoryPage />;
    case 'run-detail':
      return <RunDetailPage runId={route.runId} />;
    case 'compare':
      return <ComparePage runIds={route.runIds} />;
  }
}
