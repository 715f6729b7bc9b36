import type { Endpoint } from '../../../src-shared/schemas/endpoint';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { EndpointLabel } from '../../components/ui/endpoint-label';
import { ErrorMessage } from '../../components/ui/error-message';
import { routeHref } from '../../lib/router';
import { useRemoveEndpoint } from '../../queries/workspaces';

export function EndpointList({ workspace }: { workspace: Workspace }) {
  return (
    <ul className="endpoint-list" aria-label={`Endpoints of ${workspace.name}`}>
      {workspace.endpoints.map((endpoint) => (
        <EndpointRow key={endpoint.id} workspaceId={workspace.id} endpoint={endpoint} />
      ))}
    </ul>
  );
}

function EndpointRow({ workspaceId, endpoint }: { workspaceId: string; endpoint: Endpoint }) {
  const remove = useRemoveEndpoint();
  return (
    <li className="endpoint-row" data-testid="endpoint-row" data-endpoint-id={endpoint.id}>
      <EndpointLabel endpoint={endpoint} />
      <span className="endpoint-kind muted small">{endpoint.kind}{endpoint.model ? ` · ${endpoint.model}` : ''}</span>
      <span className="row-actions">
        <a className="button button-primary button-small" href={routeHref({ page: 'run', endpointId: endpoint.id })} data-testid="load-test-endpoint">
          Load test
        </a>
        <a className="button button-small" href={routeHref({ page: 'config', endpointId: endpoint.id })} data-testid="configure-endpoint">
          Configure
        </a>
        <button
          type="button"
          className="button button-quiet button-small"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ workspaceId, endpointId: endpoint.id })}
          aria-label={`Remove endpoint ${endpoint.name}`}
        >
          Remove
        </button>
      </span>
      <ErrorMessage error={remove.error} />
    </li>
  );
}
