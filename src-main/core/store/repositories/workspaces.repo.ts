import { AppError } from '../../../../src-shared/errors';
import type { Endpoint, NewEndpoint } from '../../../../src-shared/schemas/endpoint';
import type { LaunchSettings } from '../../../../src-shared/schemas/launch';
import { isThisMachineLabel, type HostRef, type NewWorkspace, type Workspace } from '../../../../src-shared/schemas/workspace';
import type { IndexFile } from '../index-db';
import type { IndexData } from '../index-schema';
import { newId } from '../ids';

type ParsedNewWorkspace = { name: string; hostLabel: string };
type ParsedNewEndpoint = Required<Pick<NewEndpoint, 'workspaceId' | 'url' | 'kind' | 'isDemo'>> & Pick<NewEndpoint, 'name' | 'model'>;

/** The workspace in `data`; throws not_found for a missing one. */
function findIn(data: IndexData, workspaceId: string): Workspace {
  const workspace = data.workspaces.find((candidate) => candidate.id === workspaceId);
  if (!workspace) throw new AppError('not_found', `No workspace with id ${workspaceId}.`, { hint: 'It may have been deleted; reload the list.' });
  return workspace;
}

/**
 * Workspaces and their endpoints. Every mutation is applied to a fresh read of the index under
 * its lock and written before it resolves, so other processes' changes are kept.
 */
export function createWorkspacesRepo(index: IndexFile) {
  return {
    async list(): Promise<Workspace[]> {
      return structuredClone((await index.read()).workspaces);
    },
    async get(workspaceId: string): Promise<Workspace> {
      return structuredClone(findIn(await index.read(), workspaceId));
    },
    async create(input: ParsedNewWorkspace | Required<NewWorkspace>): Promise<Workspace> {
      // As migration 002 does for old workspaces: a host named as this machine is measured through LocalHost.
      const host: HostRef = isThisMachineLabel(input.hostLabel) ? { label: input.hostLabel, spec: { kind: 'local' } } : { label: input.hostLabel };
      const workspace: Workspace = { id: newId('w'), name: input.name, host, endpoints: [], createdAt: Date.now() };
      await index.update((data) => data.workspaces.push(structuredClone(workspace)));
      return workspace;
    },
    /** Replaces the workspace's host (label and how to reach it); secrets arrive as ids only. */
    async setHost(workspaceId: string, host: HostRef): Promise<Workspace> {
      return index.update((data) => {
        const workspace = findIn(data, workspaceId);
        workspace.host = structuredClone(host);
        return structuredClone(workspace);
      });
    },
    async remove(workspaceId: string): Promise<boolean> {
      return index.update((data) => {
        const before = data.workspaces.length;
        data.workspaces = data.workspaces.filter((workspace) => workspace.id !== workspaceId);
        return data.workspaces.length < before;
      });
    },
    ...endpointOperations(index),
    ...launchOperations(index),
  };
}

/** The endpoints of a workspace. */
function endpointOperations(index: IndexFile) {
  return {
    async addEndpoint(input: ParsedNewEndpoint): Promise<Endpoint> {
      return index.update((data) => {
        const workspace = findIn(data, input.workspaceId);
        const duplicate = workspace.endpoints.find((endpoint) => endpoint.url === input.url || (input.isDemo && endpoint.isDemo));
        if (duplicate) return structuredClone(duplicate);
        const endpoint: Endpoint = {
          id: newId('e'),
          name: input.name ?? (input.isDemo ? 'Demo server' : input.url.replace(/^https?:\/\//, '')),
          url: input.url,
          kind: input.kind,
          isDemo: input.isDemo,
          ...(input.model === undefined ? {} : { model: input.model }),
        };
        workspace.endpoints.push(endpoint);
        return structuredClone(endpoint);
      });
    },
    /**
     * The demo server listens on a new port each time it starts; saved demo endpoints are
     * pointed at the running one so history and plans keep working across restarts.
     */
    async repointDemoEndpoints(url: string): Promise<number> {
      return index.update((data) => {
        let changed = 0;
        for (const endpoint of data.workspaces.flatMap((workspace) => workspace.endpoints)) {
          if (endpoint.isDemo && endpoint.url !== url) {
            endpoint.url = url;
            changed += 1;
          }
        }
        return changed;
      });
    },
    async removeEndpoint(workspaceId: string, endpointId: string): Promise<boolean> {
      return index.update((data) => {
        const workspace = findIn(data, workspaceId);
        const before = workspace.endpoints.length;
        workspace.endpoints = workspace.endpoints.filter((endpoint) => endpoint.id !== endpointId);
        return workspace.endpoints.length < before;
      });
    },
  };
}

/** How an endpoint's server is launched (issue #12). */
function launchOperations(index: IndexFile) {
  return {
    /** Records how the endpoint's server is launched (null: not managed); not_found for a missing endpoint. */
    async setEndpointLaunch(input: { workspaceId: string; endpointId: string; launch: LaunchSettings | null }): Promise<Endpoint> {
      return index.update((data) => {
        const workspace = findIn(data, input.workspaceId);
        const endpoint = workspace.endpoints.find((candidate) => candidate.id === input.endpointId);
        if (!endpoint) throw new AppError('not_found', `No endpoint ${input.endpointId} in workspace ${workspace.name}.`, { hint: 'It may have been removed; reload the list.' });
        if (endpoint.isDemo && input.launch !== null && input.launch.kind !== 'demo') throw new AppError('invalid_input', 'The built-in demo endpoint is always launched by the demo method.');
        if (!endpoint.isDemo && input.launch?.kind === 'demo') throw new AppError('invalid_input', 'Only the built-in demo endpoint is launched by the demo method.');
        if (input.launch === null || input.launch.kind === 'demo') delete endpoint.launch;
        else endpoint.launch = structuredClone(input.launch);
        return structuredClone(endpoint);
      });
    },
  };
}

export type WorkspacesRepo = ReturnType<typeof createWorkspacesRepo>;
