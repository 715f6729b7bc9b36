import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { findEndpoint, listEndpoints, type EndpointRef } from '../../lib/endpoints';
import { navigate, routeHref } from '../../lib/router';
import { useWorkspaces } from '../../queries/workspaces';
import { EndpointConfig } from './endpoint-config';
import { LinkedChangesNotice } from './linked-changes-notice';
import { readLinkedChanges } from './linked-changes';

const lastEndpointKey = 'llmwb.lastConfigEndpoint';

/**
 * The server configuration of one endpoint: read from its host, edited, checked, applied, journalled.
 * `set` (from the address) prefills the editor with flag changes another page proposed, such as a
 * diagnosis's recommendation; nothing is applied until the user presses Apply.
 */
export function ConfigPage({ endpointId, set }: { endpointId?: string; set?: string | undefined }) {
  const workspaces = useWorkspaces();
  const linked = readLinkedChanges(set);
  const endpoints = listEndpoints(workspaces.data);
  // A remembered endpoint may have been removed since; fall back to the first one there is.
  const chosen = findEndpoint(workspaces.data, endpointId ?? window.localStorage.getItem(lastEndpointKey) ?? undefined) ?? endpoints[0];
  const choose = (id: string) => {
    window.localStorage.setItem(lastEndpointKey, id);
    navigate({ page: 'config', endpointId: id });
  };
  return (
    <div className="page config-page" data-testid="config-page">
      <div className="page-header page-header-row">
        <div>
          <h1>Config</h1>
          <p className="muted">Read the server’s flags from its host, change them with every check and the memory they need in view, apply them safely and roll back from the journal.</p>
        </div>
        {chosen && endpoints.length > 1 && <EndpointPicker endpoints={endpoints} value={chosen.endpoint.id} onChange={choose} />}
      </div>
      <ErrorMessage error={workspaces.error} />
      {workspaces.isPending && <p className="muted">Loading workspaces…</p>}
      {workspaces.data && <NothingToConfigure hasWorkspace={workspaces.data.length > 0} hasEndpoint={chosen !== undefined} />}
      {set !== undefined && chosen && <LinkedChangesNotice changes={linked} endpointId={chosen.endpoint.id} />}
      {chosen && <EndpointConfig key={chosen.endpoint.id} target={chosen} linked={linked} />}
    </div>
  );
}

function NothingToConfigure({ hasWorkspace, hasEndpoint }: { hasWorkspace: boolean; hasEndpoint: boolean }) {
  if (!hasWorkspace) {
    return (
      <EmptyState title="No workspace yet" testId="config-no-workspace">
        <p>
          A configuration belongs to an endpoint of a workspace. Create a workspace on the <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page and
          attach the built-in demo server (or add your llama-server’s URL), then come back here.
        </p>
      </EmptyState>
    );
  }
  if (!hasEndpoint) {
    return (
      <EmptyState title="No endpoint to configure" testId="config-no-endpoint">
        <p>
          Add your llama-server’s URL to a workspace, or attach the built-in demo server, on the <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page.
        </p>
      </EmptyState>
    );
  }
  return null;
}

function EndpointPicker({ endpoints, value, onChange }: { endpoints: EndpointRef[]; value: string; onChange: (id: string) => void }) {
  return (
    <label className="inline-field">
      <span className="small muted">Endpoint</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="config-endpoint-select">
        {endpoints.map(({ endpoint, workspace }) => (
          <option key={endpoint.id} value={endpoint.id}>
            {workspace.name} — {endpoint.isDemo ? `[demo] ${endpoint.name}` : endpoint.name}
          </option>
        ))}
      </select>
    </label>
  );
}
