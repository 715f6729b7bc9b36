import { useState } from 'react';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { navigate, routeHref } from '../../lib/router';
import { useHostStatus } from '../../queries/hosts';
import { useWorkspaces } from '../../queries/workspaces';
import { HostConnection } from './host-connection';
import { HostForm } from './host-form';
import { HostTelemetry } from './host-telemetry';
import { InventoryPanel } from './inventory-panel';

/** The inference host of one workspace: how to reach it, what it is, and what it is doing now. */
export function HostPage({ workspaceId }: { workspaceId?: string }) {
  const workspaces = useWorkspaces();
  const list = workspaces.data ?? [];
  const workspace = list.find((candidate) => candidate.id === workspaceId) ?? list[0];
  return (
    <div className="page host-page" data-testid="host-page">
      <div className="page-header page-header-row">
        <div>
          <h1>Host</h1>
          <p className="muted">Connect to the machine your inference server runs on, read what it is, and watch every core and GPU live.</p>
        </div>
        {list.length > 1 && workspace && <WorkspaceSelect workspaces={list} value={workspace.id} />}
      </div>
      <ErrorMessage error={workspaces.error} />
      {workspaces.isPending && <p className="muted">Loading workspaces…</p>}
      {workspaces.data && workspace === undefined && (
        <EmptyState title="No workspace yet" testId="host-no-workspace">
          <p>
            A host belongs to a workspace. Create one on the <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page, then come back here to connect to its host.
          </p>
        </EmptyState>
      )}
      {workspace && <HostSections key={workspace.id} workspace={workspace} />}
    </div>
  );
}

function HostSections({ workspace }: { workspace: Workspace }) {
  const status = useHostStatus(workspace.id);
  const [isEditing, setEditing] = useState(false);
  const data = status.data;
  const isConnected = data?.connection.state === 'connected';
  // A working connection needs no form in the way; the details stay one click away.
  const isUp = isConnected || data?.connection.state === 'reconnecting';
  const showForm = !isUp || isEditing;
  return (
    <>
      <ErrorMessage error={status.error} testId="host-status-error" />
      <div className="host-layout">
        <section className="card host-card" aria-labelledby="host-conn-title">
          <h2 className="card-title" id="host-conn-title">
            Connection <span className="muted small">· workspace {workspace.name}</span>
          </h2>
          {data && <HostConnection status={data} />}
          {showForm ? (
            <HostForm workspace={workspace} secretsPersist={data?.secretsPersist ?? false} onSaved={() => setEditing(false)} />
          ) : (
            <button type="button" className="button button-small button-quiet edit-connection" onClick={() => setEditing(true)} data-testid="host-edit">
              Edit connection details…
            </button>
          )}
        </section>
        <InventoryPanel workspaceId={workspace.id} isConnected={isConnected} />
      </div>
      {data && <HostTelemetry status={data} />}
    </>
  );
}

function WorkspaceSelect({ workspaces, value }: { workspaces: readonly Workspace[]; value: string }) {
  return (
    <label className="inline-field">
      <span className="small muted">Workspace</span>
      <select value={value} onChange={(event) => navigate({ page: 'host', workspaceId: event.target.value })} data-testid="host-workspace-select">
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name} — {workspace.host.label}
          </option>
        ))}
      </select>
    </label>
  );
}
