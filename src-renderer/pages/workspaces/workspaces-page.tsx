import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { useWorkspaces } from '../../queries/workspaces';
import { NewWorkspaceForm } from './new-workspace-form';
import { WorkspaceCard } from './workspace-card';

export function WorkspacesPage() {
  const workspaces = useWorkspaces();
  return (
    <div className="page" data-testid="workspaces-page">
      <div className="page-header">
        <h1>Workspaces</h1>
        <p className="muted">A workspace is one inference host and the server endpoints on it. Runs are filed under it.</p>
      </div>
      <NewWorkspaceForm />
      <ErrorMessage error={workspaces.error} />
      {workspaces.isPending && <p className="muted">Loading workspaces…</p>}
      {workspaces.data?.length === 0 && (
        <EmptyState title="No workspaces yet" testId="workspaces-empty">
          <ol className="steps">
            <li>Create a workspace above for the host your inference server runs on.</li>
            <li>Add the server’s URL — or use the built-in demo server to try things out.</li>
            <li>Open <strong>Run</strong> and load it.</li>
          </ol>
        </EmptyState>
      )}
      <div className="workspace-list">
        {workspaces.data?.map((workspace) => (
          <WorkspaceCard key={workspace.id} workspace={workspace} />
        ))}
      </div>
    </div>
  );
}
