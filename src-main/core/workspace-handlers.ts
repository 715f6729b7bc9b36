import type { Handlers } from '../../src-shared/contract';
import type { EventBus } from './events';
import type { HostService } from './host-service/host-service';
import type { Store } from './store/store';

type WorkspaceOperation = 'workspaces.list' | 'workspaces.create' | 'workspaces.remove' | 'endpoints.add' | 'endpoints.remove';

/** Workspaces and their endpoints; every change is announced as `workspaces.changed`. */
export function createWorkspaceHandlers(deps: { store: Store; bus: EventBus; hosts: HostService }): Pick<Handlers, WorkspaceOperation> {
  const { store, bus } = deps;
  return {
    'workspaces.list': () => store.workspaces.list(),
    'workspaces.create': async (input) => {
      const workspace = await store.workspaces.create(input);
      bus.emit('workspaces.changed', { workspaceId: workspace.id });
      return workspace;
    },
    'workspaces.remove': async ({ workspaceId }) => {
      // Its host session, telemetry, known hosts and secrets go with it; its runs stay on disk.
      await deps.hosts.forget(workspaceId);
      const removed = await store.workspaces.remove(workspaceId);
      bus.emit('workspaces.changed', { workspaceId });
      return { removed };
    },
    'endpoints.add': async (input) => {
      const endpoint = await store.workspaces.addEndpoint(input);
      bus.emit('workspaces.changed', { workspaceId: input.workspaceId });
      return endpoint;
    },
    'endpoints.remove': async ({ workspaceId, endpointId }) => {
      const removed = await store.workspaces.removeEndpoint(workspaceId, endpointId);
      bus.emit('workspaces.changed', { workspaceId });
      return { removed };
    },
  };
}
