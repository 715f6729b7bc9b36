import type { Endpoint } from '../../src-shared/schemas/endpoint';
import type { Workspace } from '../../src-shared/schemas/workspace';

export interface EndpointRef {
  endpoint: Endpoint;
  workspace: Workspace;
}

/** Every endpoint with the workspace it belongs to, in the order the workspaces list them. */
export function listEndpoints(workspaces: readonly Workspace[] | undefined): EndpointRef[] {
  return (workspaces ?? []).flatMap((workspace) => workspace.endpoints.map((endpoint) => ({ endpoint, workspace })));
}

export function findEndpoint(workspaces: readonly Workspace[] | undefined, endpointId: string | undefined): EndpointRef | undefined {
  if (endpointId === undefined) return undefined;
  return listEndpoints(workspaces).find((ref) => ref.endpoint.id === endpointId);
}
