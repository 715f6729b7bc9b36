import type { Low } from 'lowdb';
import { AppError } from '../../../../src-shared/errors';
import type { Endpoint, NewEndpoint } from '../../../../src-shared/schemas/endpoint';
import { isThisMachineLabel, type HostRef, type NewWorkspace, type Workspace } from '../../../../src-shared/schemas/workspace';
import type { IndexData } from '../index-schema';
import { newId } from '../ids';

type ParsedNewWorkspace = { name: string; hostLabel: string };
type ParsedNewEndpoint = Required<Pick<NewEndpoint, 'workspaceId' | 'url' | 'kind' | 'isDemo'>> & Pick<NewEndpoint, 'name' | 'model'>;

/** Workspaces and their endpoints. Every mutation writes the index before it resolves. */
export function createWorkspacesRepo(db: Low<IndexData>) {
  const find = (workspaceId: string): Workspace => {
    const workspace = db.data.workspaces.find((candidate) => candidate.id === workspaceId);
    if (!workspace) throw new AppError('not_found', `No workspace with id ${workspaceId}.`, { hint: 'It may have been deleted; reload the list.' });
    return workspace;
  };

  return {
    async list(): Promise<Workspace[]> {
      return structuredClone(db.data.workspaces);
    },
    async get(workspaceId: string): Promise<Workspace> {
      return structuredClone(find(workspaceId));
    },
    async create(input: ParsedNewWorkspace | Required<NewWorkspace>): Promise<Workspace> {
      // As migration 002 does for old workspaces: a host named as this machine is measured through LocalHost.
      const host: HostRef = isThisMachineLabel(input.hostLabel) ? { label: input.hostLabel, spec: { kind: 'local' } } : { label: input.hostLabel };
      const workspace: Workspace = { id: newId('w'), name: input.name, host, endpoints: [], createdAt: Date.now() };
      db.data.workspaces.push(workspace);
      await db.write();
      return structuredClone(workspace);
    },
    /** Replaces the workspace's host (label and how to reach it); secrets arrive as ids only. */
    async setHost(workspaceId: string, host: HostRef): Promise<Workspace> {
      const workspace = find(workspaceId);
      workspace.host = structuredClone(host);
      await db.write();
      return structuredClone(workspace);
    },
    async remove(workspaceId: string): Promise<boolean> {
      const before = db.data.workspaces.length;
      db.data.workspaces = db.data.workspaces.filter((workspace) => workspace.id !== workspaceId);
      await db.write();
      return db.data.workspaces.length < before;
    },
    ...endpointOperations(db, find),
  };
}

/** The endpoints of a workspace; `find` throws not_found for a missing workspace. */
function endpointOperations(db: Low<IndexData>, find: (workspaceId: string) => Workspace) {
  return {
    async addEndpoint(input: ParsedNewEndpoint): Promise<Endpoint> {
      const workspace = find(input.workspaceId);
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
      await db.write();
      return structuredClone(endpoint);
    },
    /**
     * The demo server listens on a new port each time it starts; saved demo endpoints are
     * pointed at the running one so history and plans keep working across restarts.
     */
    async repointDemoEndpoints(url: string): Promise<number> {
      let changed = 0;
      for (const endpoint of db.data.workspaces.flatMap((workspace) => workspace.endpoints)) {
        if (endpoint.isDemo && endpoint.url !== url) {
          endpoint.url = url;
          changed += 1;
        }
      }
      if (changed > 0) await db.write();
      return changed;
    },
    async removeEndpoint(workspaceId: string, endpointId: string): Promise<boolean> {
      const workspace = find(workspaceId);
      const before = workspace.endpoints.length;
      workspace.endpoints = workspace.endpoints.filter((endpoint) => endpoint.id !== endpointId);
      await db.write();
      return workspace.endpoints.length < before;
    },
  };
}

export type WorkspacesRepo = ReturnType<typeof createWorkspacesRepo>;
