import { useState } from 'react';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { ErrorMessage } from '../../components/ui/error-message';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { routeHref } from '../../lib/router';
import { useRemoveWorkspace } from '../../queries/workspaces';
import { AddEndpointForm } from './add-endpoint-form';
import { DemoOffer } from './demo-offer';
import { EndpointList } from './endpoint-list';

export function WorkspaceCard({ workspace }: { workspace: Workspace }) {
  const hasEndpoints = workspace.endpoints.length > 0;
  return (
    <article className="card workspace-card" data-testid="workspace-card" data-workspace-id={workspace.id} aria-labelledby={`ws-${workspace.id}`}>
      <header className="card-header">
        <div>
          <h3 className="card-title" id={`ws-${workspace.id}`}>
            {workspace.name}
          </h3>
          <p className="muted small">
            Host{' '}
            <a href={routeHref({ page: 'host', workspaceId: workspace.id })} data-testid="workspace-host-link" title="Connect, read its inventory, watch its telemetry">
              <strong>{workspace.host.label}</strong>
            </a>{' '}
            {hostKindText(workspace)} · created {formatTimestamp(workspace.createdAt)}
          </p>
        </div>
        <RemoveWorkspaceButton workspace={workspace} />
      </header>
      {hasEndpoints ? <EndpointList workspace={workspace} /> : <DemoOffer workspaceId={workspace.id} />}
      <AddEndpointForm workspaceId={workspace.id} isFirst={!hasEndpoints} />
    </article>
  );
}

/** Two clicks, so a stray one cannot delete a workspace; its runs stay on disk either way. */
function RemoveWorkspaceButton({ workspace }: { workspace: Workspace }) {
  const remove = useRemoveWorkspace();
  const [isConfirming, setConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
        Remove…
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label="Confirm removal">
      <span className="small">Remove “{workspace.name}”? Its runs stay in history.</span>
      <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate({ workspaceId: workspace.id })}>
        Remove
      </button>
      <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
        Keep
      </button>
      <ErrorMessage error={remove.error} />
    </div>
  );
}

/** How the host is reached, unless its label already says it: ` · this machine`, ` · SSH llm@gpu-box`, ` · no connection details`. */
function hostKindText(workspace: Workspace): string {
  const spec = workspace.host.spec;
  if (spec === undefined) return ' · no connection details';
  if (spec.kind === 'local') return workspace.host.label.trim().toLowerCase() === 'this machine' ? '' : ' · this machine';
  return ` · SSH ${spec.user}@${spec.address}${spec.port === 22 ? '' : `:${spec.port}`}`;
}
